/**
 * Which faults are active on which devices. Devices ask it as they send (a map lookup, nothing per
 * message when no fault is set); the simulation is told of every change so that faults that act at a
 * moment (a dropped connection, a storm, a flapping timer) start and stop at once.
 */
import type { DeviceKind } from '../../shared/fleet.js';
import { FLEET_WIDE, faultDurationMs, faultRequestSchema } from './fault.js';
import type { Fault, FaultInput, FaultKind, FaultOf, FaultTarget } from './fault.js';

export interface ActiveFault {
  readonly id: number;
  readonly target: FaultTarget;
  readonly fault: Fault;
  readonly sinceMs: number;
  /** When it ends by itself, or null. */
  readonly untilMs: number | null;
}

export type ActiveFaultOf<Kind extends FaultKind> = ActiveFault & { readonly fault: FaultOf<Kind> };

/** What changed: faults that started and faults that ended (cleared or expired). */
export interface FaultChange {
  readonly started: readonly ActiveFault[];
  readonly ended: readonly ActiveFault[];
}

export type FaultListener = (change: FaultChange) => void;

const KIND_TARGETS: Readonly<Record<DeviceKind, string>> = { car: 'cars', chargePoint: 'chargePoints' };

/** In-process control of faults: `simulation.faults.inject('car-00001', { kind: 'drop', share: 0.5 })`. */
export interface FaultControl {
  /** Starts a fault on a device, a kind of device (`cars`, `chargePoints`) or the whole fleet (`*`). */
  inject(target: FaultTarget, fault: FaultInput): ActiveFault;
  /** Ends faults on `target` (of one kind, or all); every fault everywhere without arguments. Returns how many. */
  clear(target?: FaultTarget, kind?: FaultKind): number;
  list(): readonly ActiveFault[];
}

export class FaultRegistry implements FaultControl {
  readonly #byTarget = new Map<FaultTarget, ActiveFault[]>();
  readonly #listeners = new Set<FaultListener>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  get isEmpty(): boolean {
    return this.#byTarget.size === 0;
  }

  onChange(listener: FaultListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  inject(target: FaultTarget, input: FaultInput): ActiveFault {
    const { fault } = faultRequestSchema.parse({ target, fault: input });
    const sinceMs = this.#now();
    const forMs = faultDurationMs(fault);
    const active: ActiveFault = { id: this.#nextId++, target, fault, sinceMs, untilMs: forMs === undefined ? null : sinceMs + forMs };
    // A storm happens at one moment: it is announced, never kept.
    if (fault.kind === 'reconnectStorm') {
      this.#emit({ started: [active], ended: [] });
      return active;
    }
    // One fault of a kind per target: a new one replaces the old (a new share, a new skew).
    const ended = this.#remove(target, fault.kind);
    const list = this.#byTarget.get(target) ?? [];
    list.push(active);
    this.#byTarget.set(target, list);
    this.#emit({ started: [active], ended });
    return active;
  }

  clear(target?: FaultTarget, kind?: FaultKind): number {
    const targets = target === undefined ? [...this.#byTarget.keys()] : [target];
    const ended = targets.flatMap((each) => this.#remove(each, kind));
    if (ended.length > 0) this.#emit({ started: [], ended });
    return ended.length;
  }

  list(): readonly ActiveFault[] {
    return [...this.#byTarget.values()].flat();
  }

  /** Ends the faults whose time is up; the simulation calls it from its loop. */
  expire(nowMs: number): void {
    if (this.#byTarget.size === 0) return;
    const ended: ActiveFault[] = [];
    for (const [target, list] of this.#byTarget) {
      const kept = list.filter((active) => active.untilMs === null || active.untilMs > nowMs);
      if (kept.length === list.length) continue;
      ended.push(...list.filter((active) => !kept.includes(active)));
      if (kept.length === 0) this.#byTarget.delete(target);
      else this.#byTarget.set(target, kept);
    }
    if (ended.length > 0) this.#emit({ started: [], ended });
  }

  /** The fault of `kind` acting on a device: its own first, then its kind's, then the fleet's. */
  find<Kind extends FaultKind>(deviceId: string, deviceKind: DeviceKind, kind: Kind): FaultOf<Kind> | undefined {
    return this.findActive(deviceId, deviceKind, kind)?.fault;
  }

  /** As find(), with when the fault began: for faults whose effect depends on how long they have lasted. */
  findActive<Kind extends FaultKind>(deviceId: string, deviceKind: DeviceKind, kind: Kind): ActiveFaultOf<Kind> | undefined {
    if (this.#byTarget.size === 0) return undefined;
    for (const target of [deviceId, KIND_TARGETS[deviceKind], FLEET_WIDE]) {
      const found = this.#byTarget.get(target)?.find((active) => active.fault.kind === kind);
      if (found && isActiveKind(found, kind)) return found;
    }
    return undefined;
  }

  #remove(target: FaultTarget, kind: FaultKind | undefined): ActiveFault[] {
    const list = this.#byTarget.get(target);
    if (!list) return [];
    const ended = list.filter((active) => kind === undefined || active.fault.kind === kind);
    const kept = list.filter((active) => !ended.includes(active));
    if (kept.length === 0) this.#byTarget.delete(target);
    else this.#byTarget.set(target, kept);
    return ended;
  }

  #emit(change: FaultChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

function isActiveKind<Kind extends FaultKind>(active: ActiveFault, kind: Kind): active is ActiveFaultOf<Kind> {
  return active.fault.kind === kind;
}

/** Whether a fault's target covers a device. */
export function targets(target: FaultTarget, deviceId: string, deviceKind: DeviceKind): boolean {
  return target === FLEET_WIDE || target === deviceId || target === KIND_TARGETS[deviceKind];
}

/**
 * Decides which messages a share applies to without randomness: the share accumulates and every whole
 * unit picks one message, so 0.5 means every other message and a test can count on it.
 */
export class ShareGate {
  #credit = 0;

  take(share: number): boolean {
    this.#credit += share;
    if (this.#credit < 1 - 1e-9) return false;
    this.#credit -= 1;
    return true;
  }
}
