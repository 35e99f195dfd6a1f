// Network records and container attachments on disk: one JSON file each,
// written atomically. Readers take a snapshot; writers hold the networks
// lock (see lock.ts) around read-modify-write.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../errors.js';
import { replaceFile, writeFileAtomic } from '../state/atomic-write.js';
import { attachmentPath, attachmentsDir, networkRecordPath, networksDir } from './layout.js';
import type { Attachment, NetworkRecord } from './model.js';

function readJsonDir<T>(dir: string): T[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: T[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    try {
      out.push(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as T);
    } catch {
      // Removed between readdir and read: a concurrent rm; skip it.
    }
  }
  return out;
}

export function listNetworks(root: string): NetworkRecord[] {
  return readJsonDir<NetworkRecord>(networksDir(root)).sort((a, b) => a.name.localeCompare(b.name));
}

/** By exact name, exact id, or unique id prefix (docker's lookup order). */
export function lookupNetwork(root: string, nameOrId: string, networks = listNetworks(root)): NetworkRecord | undefined {
  const byName = networks.find((n) => n.name === nameOrId);
  if (byName) return byName;
  const byId = networks.find((n) => n.id === nameOrId);
  if (byId) return byId;
  if (!/^[0-9a-f]{1,64}$/.test(nameOrId)) return undefined;
  const matches = networks.filter((n) => n.id.startsWith(nameOrId));
  if (matches.length > 1) throw new EngineError(EngineErrorCode.Conflict, `network id prefix "${nameOrId}" is ambiguous: ${matches.map((n) => n.name).join(', ')}`);
  return matches[0];
}

export function findNetwork(root: string, nameOrId: string, networks?: NetworkRecord[]): NetworkRecord {
  const found = lookupNetwork(root, nameOrId, networks);
  if (!found) throw new EngineError(EngineErrorCode.NotFound, `network ${nameOrId} not found`);
  return found;
}

export function writeNetwork(root: string, record: NetworkRecord): void {
  mkdirSync(networksDir(root), { recursive: true });
  writeFileAtomic(networkRecordPath(root, record.id), `${JSON.stringify(record, null, 2)}\n`);
}

export function deleteNetworkRecord(root: string, id: string): void {
  rmSync(networkRecordPath(root, id), { force: true });
}

export function listAttachments(root: string): Attachment[] {
  return readJsonDir<Attachment>(attachmentsDir(root));
}

export function readAttachment(root: string, containerId: string): Attachment | undefined {
  try {
    return JSON.parse(readFileSync(attachmentPath(root, containerId), 'utf8')) as Attachment;
  } catch {
    return undefined;
  }
}

/**
 * Atomic but not fsynced: an attachment lives no longer than its network
 * namespace, which a reboot takes away (and snapshot() then forgets it).
 */
export function writeAttachment(root: string, attachment: Attachment): void {
  mkdirSync(attachmentsDir(root), { recursive: true });
  replaceFile(attachmentPath(root, attachment.containerId), `${JSON.stringify(attachment, null, 2)}\n`);
}

export function deleteAttachment(root: string, containerId: string): void {
  rmSync(attachmentPath(root, containerId), { force: true });
}
