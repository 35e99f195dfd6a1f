// A slot is one replica of a service: (service, number). Normally one
// container fills it; after a recreate was interrupted it may hold two (the
// old one and its replacement under a temporary name). Here each slot keeps
// exactly one, chosen the same way every time.
import type { ObservedContainer } from '../observed.js';

export interface Slot {
  readonly number: number;
  /** The container that stays in the slot (it may still be recreated). */
  readonly kept: ObservedContainer;
  /** Other containers in the slot: stopped and removed. */
  readonly extras: readonly ObservedContainer[];
}

export interface SlotChoice {
  readonly expectedHash: string;
  readonly canonicalName: (number: number) => string;
}

/** The service's containers by number, lowest first, each slot reduced to the one container to keep. */
export function slotsOf(containers: readonly ObservedContainer[], choice: SlotChoice): Slot[] {
  const byNumber = new Map<number, ObservedContainer[]>();
  for (const container of containers) byNumber.set(container.number, [...(byNumber.get(container.number) ?? []), container]);
  return [...byNumber.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, members]) => {
      const ranked = [...members].sort((a, b) => preference(a, b, choice.expectedHash, choice.canonicalName(number)));
      return { number, kept: ranked[0]!, extras: ranked.slice(1) };
    });
}

// A container made from the current file wins (it is the replacement a
// crashed recreate left behind), then the one under the canonical name,
// then the newest, then by id so that equal candidates never tie.
function preference(a: ObservedContainer, b: ObservedContainer, hash: string, name: string): number {
  return (
    Number(b.configHash === hash) - Number(a.configHash === hash) ||
    Number(b.name === name) - Number(a.name === name) ||
    (a.created < b.created ? 1 : a.created > b.created ? -1 : 0) ||
    (a.id < b.id ? -1 : 1)
  );
}

/** The number a new replica takes: one more than the highest any container of the service has. */
export function nextNumber(containers: readonly ObservedContainer[]): number {
  return containers.reduce((max, container) => Math.max(max, container.number), 0) + 1;
}
