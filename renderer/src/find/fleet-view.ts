/**
 * Which devices pass the operator's filters, as one byte per device beside the FleetModel's arrays:
 * the map draws only those, the list lists only those. Recomputed whole when the filters or the
 * device list change, per device on a delta, every second while staleness is filtered on (age
 * changes with time alone), and when the devices' alarms change while alarms are filtered on.
 */
import { DEVICE_KINDS, DEVICE_STATUSES } from '../../../shared/fleet.js';
import { alarmLevelBounds, type AlarmLevels } from '../map/alarm-levels.js';
import { NO_FILTERS, isFiltering, type FleetFilters } from '../store/filter-slice.js';
import type { FleetModel } from '../sync/fleet-model.js';

export type FleetViewListener = () => void;

const STALENESS_TICK_MS = 1000;

export class FleetView {
  /** 1 where the device at that index passes the filters. */
  shown = new Uint8Array(0);
  shownCount = 0;
  /** Bumped whenever `shown` changes. */
  revision = 0;
  filters: FleetFilters = NO_FILTERS;
  /** False when no filter is set: every device is shown. */
  isActive = false;

  private kindAllowed = new Uint8Array(DEVICE_KINDS.length).fill(1);
  private statusAllowed = new Uint8Array(DEVICE_STATUSES.length).fill(1);
  private stationAllowed: Set<number> | null = null;
  private firmwareAllowed: Set<number> | null = null;
  private firmwareTable: readonly string[] = [];
  private alarmBounds = alarmLevelBounds('all');
  private readonly listeners = new Set<FleetViewListener>();
  private readonly stopModel: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;

  private readonly stopAlarms: () => void;

  /** `alarms`: each device's alarm level, kept up to date by its own subscriptions (null: no alarm filter). */
  constructor(
    readonly model: FleetModel,
    private readonly alarms: Pick<AlarmLevels, 'levels' | 'subscribe'> | null = null,
  ) {
    this.stopModel = model.subscribe((change) => {
      if (change.type === 'snapshot') this.recompute();
      else this.update(change.indices);
    });
    this.stopAlarms = alarms?.subscribe(() => {
      if (this.filters.alarm !== 'all') this.recompute(false);
    }) ?? (() => undefined);
    this.recompute();
  }

  subscribe(listener: FleetViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setFilters(filters: FleetFilters): void {
    this.filters = filters;
    this.isActive = isFiltering(filters);
    this.kindAllowed = Uint8Array.from(DEVICE_KINDS, (kind) => (filters.kinds.length === 0 || filters.kinds.includes(kind) ? 1 : 0));
    this.statusAllowed = Uint8Array.from(DEVICE_STATUSES, (status) => (filters.statuses.length === 0 || filters.statuses.includes(status) ? 1 : 0));
    this.alarmBounds = alarmLevelBounds(this.alarms ? filters.alarm : 'all');
    if (this.timer) clearInterval(this.timer);
    // Only a change tells listeners: ages move every second, but most seconds nobody crosses the line.
    this.timer = filters.staleness === 'any' ? null : setInterval(() => this.recompute(false), STALENESS_TICK_MS);
    this.recompute();
  }

  isShown(index: number): boolean {
    return this.shown[index] === 1;
  }

  /** Indices of the shown devices, in device order. */
  shownIndices(): Uint32Array {
    const result = new Uint32Array(this.shownCount);
    let next = 0;
    for (let index = 0; index < this.model.count && next < result.length; index++) if (this.shown[index] === 1) result[next++] = index;
    return result;
  }

  dispose(): void {
    this.stopModel();
    this.stopAlarms();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private recompute(isForced = true): void {
    const { model, filters } = this;
    // Station and firmware filters name things; resolve them to the model's codes once per pass.
    this.stationAllowed = filters.stationIds.length === 0 ? null : new Set(filters.stationIds.map((id) => model.stationIndexOf(id)).filter((index) => index >= 0));
    this.resolveFirmware();
    if (this.shown.length !== model.count) {
      this.shown = new Uint8Array(model.count);
      isForced = true;
    }
    const now = model.serverNow();
    let count = 0;
    let isChanged = false;
    for (let index = 0; index < model.count; index++) {
      const passes = this.passes(index, now) ? 1 : 0;
      if (this.shown[index] !== passes) isChanged = true;
      this.shown[index] = passes;
      count += passes;
    }
    this.shownCount = count;
    if (isForced || isChanged) this.changed();
  }

  /** A delta may bring a firmware version the table did not have, which a filter may already name. */
  private resolveFirmware(): void {
    const { model, filters } = this;
    this.firmwareTable = model.firmwareVersions;
    this.firmwareAllowed =
      filters.firmware.length === 0 ? null : new Set(filters.firmware.map((version) => model.firmwareVersions.indexOf(version)).filter((code) => code >= 0));
  }

  private update(indices: Uint32Array): void {
    if (!this.isActive) return;
    if (this.firmwareTable !== this.model.firmwareVersions) this.resolveFirmware();
    const now = this.model.serverNow();
    let isChanged = false;
    for (const index of indices) {
      const passes = this.passes(index, now) ? 1 : 0;
      if (this.shown[index] === passes) continue;
      this.shownCount += passes === 1 ? 1 : -1;
      this.shown[index] = passes;
      isChanged = true;
    }
    if (isChanged) this.changed();
  }

  private passes(index: number, nowMs: number): boolean {
    if (!this.isActive) return true;
    const model = this.model;
    if (this.kindAllowed[model.kind[index] ?? 0] !== 1) return false;
    if (this.statusAllowed[model.status[index] ?? 0] !== 1) return false;
    if (this.stationAllowed && !this.stationAllowed.has(model.stationIndex[index] ?? -1)) return false;
    if (this.firmwareAllowed && !this.firmwareAllowed.has(model.firmware[index] ?? 0)) return false;
    if (this.filters.staleness !== 'any' && model.isStaleAt(index, nowMs) !== (this.filters.staleness === 'stale')) return false;
    const level = this.alarms?.levels[index] ?? 0;
    if (level < this.alarmBounds.min || level > this.alarmBounds.max) return false;
    return true;
  }

  private changed(): void {
    this.revision++;
    for (const listener of this.listeners) listener();
  }
}
