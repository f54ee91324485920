/**
 * The commands this console has seen: from the hub's `commands:changes` pushes (every console's
 * commands, live), from call answers (send, bulk, cancel) and from history. Kept outside React like the
 * alarm book. A command only ever gains transitions, so of two copies the one with more is the newer:
 * an answer that overtakes a push, or a push that overtakes an answer, never moves a command back.
 */
import type { Command, CommandChanges } from '../../../shared/commands.js';
import { isTerminal } from '../../../shared/commands.js';

/** Finished commands kept beyond this many are forgotten, oldest first; unfinished ones are always kept. */
export const KEPT_FINISHED_COMMANDS = 5_000;

export class CommandBook {
  #commands = new Map<string, Command>();
  #listeners = new Set<() => void>();
  #revision = 0;

  constructor(private readonly keptFinished: number = KEPT_FINISHED_COMMANDS) {}

  get revision(): number {
    return this.#revision;
  }

  applyChanges(changes: CommandChanges): void {
    this.upsert(changes.commands);
  }

  /** Commands from a push or an answer; older copies than those held are ignored. */
  upsert(commands: readonly Command[]): void {
    let changed = false;
    for (const command of commands) {
      const before = this.#commands.get(command.id);
      if (before && !isNewer(command, before)) continue;
      this.#commands.set(command.id, command);
      changed = true;
    }
    if (!changed) return;
    this.#forgetOldFinished();
    this.#revision += 1;
    for (const listener of this.#listeners) listener();
  }

  get(commandId: string): Command | undefined {
    return this.#commands.get(commandId);
  }

  /** A device's commands, newest first. */
  forDevice(deviceId: string): Command[] {
    return this.#sorted((command) => command.deviceId === deviceId);
  }

  /** A bulk command's commands, newest first. */
  forBatch(batchId: string): Command[] {
    return this.#sorted((command) => command.batchId === batchId);
  }

  clear(): void {
    if (this.#commands.size === 0) return;
    this.#commands = new Map();
    this.#revision += 1;
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #sorted(keep: (command: Command) => boolean): Command[] {
    const found: Command[] = [];
    for (const command of this.#commands.values()) if (keep(command)) found.push(command);
    return found.sort(newestFirst);
  }

  #forgetOldFinished(): void {
    const finished = [...this.#commands.values()].filter((command) => isTerminal(command.status));
    if (finished.length <= this.keptFinished) return;
    finished.sort(newestFirst);
    for (const command of finished.slice(this.keptFinished)) this.#commands.delete(command.id);
  }
}

function isNewer(candidate: Command, held: Command): boolean {
  return candidate.transitions.length > held.transitions.length;
}

function newestFirst(left: Command, right: Command): number {
  return right.createdAtMs - left.createdAtMs || (right.id < left.id ? -1 : right.id > left.id ? 1 : 0);
}

/** The console's one book, filled by the fleet controller's socket. */
export const commandBook = new CommandBook();
