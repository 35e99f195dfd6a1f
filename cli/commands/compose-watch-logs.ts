// The container output `up --watch` shows, as attached `up` does: each line
// prefixed by its container's name. Containers come and go while watching
// (a recreate makes a new one, a restart ends the old process), so the set
// followed is refreshed after every apply.
import { ComposeLabel, type ComposeProject, type Engine } from '../../index.js';

// docker compose's palette: the bright ANSI colours, in turn.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

interface Followed {
  active: boolean;
  /** Where following starts next time: after what was already shown. */
  offset: number;
  readonly colour: number;
}

export class ContainerOutput {
  private readonly followed = new Map<string, Followed>();
  private readonly stop = new AbortController();

  /** Output already written by the project's containers is not shown again. */
  constructor(
    project: ComposeProject,
    private readonly options: { readonly color: boolean },
  ) {
    for (const view of project.engine.list({ labels: { [ComposeLabel.project]: project.name } })) {
      this.followed.set(view.record.id, { active: false, offset: project.engine.logOffset(view.record.id), colour: this.nextColour() });
    }
  }

  /** Starts following every running container of the project not followed yet. */
  refresh(project: ComposeProject): void {
    if (this.stop.signal.aborted) return;
    for (const view of project.engine.list({ labels: { [ComposeLabel.project]: project.name } })) {
      const { id, name } = view.record;
      if (view.state.status !== 'running') continue;
      const entry = this.followed.get(id) ?? { active: false, offset: 0, colour: this.nextColour() };
      this.followed.set(id, entry);
      if (!entry.active) void this.follow(project.engine, id, name, entry);
    }
  }

  close(): void {
    this.stop.abort();
  }

  private async follow(engine: Engine, id: string, name: string, entry: Followed): Promise<void> {
    entry.active = true;
    const head = this.options.color ? `\x1b[${entry.colour}m${name}  | \x1b[0m` : `${name}  | `;
    const ended = engine.waitFor(id, (v) => v.state.status === 'exited' || v.state.status === 'created', this.stop.signal).catch(() => undefined);
    try {
      await engine.followLogsFrom(id, entry.offset, ended, (e) => process.stdout.write(`${head}${e.log.endsWith('\n') ? e.log : `${e.log}\n`}`));
      const view = await ended;
      if (view) process.stdout.write(`${head}${name} exited with code ${view.state.exitCode ?? 0}\n`);
    } catch {
      // A container removed while followed (a recreate) just ends its output.
    } finally {
      entry.active = false;
      entry.offset = safeOffset(engine, id);
    }
  }

  private nextColour(): number {
    return COLOURS[this.followed.size % COLOURS.length]!;
  }
}

function safeOffset(engine: Engine, id: string): number {
  try {
    return engine.logOffset(id);
  } catch {
    return 0;
  }
}
