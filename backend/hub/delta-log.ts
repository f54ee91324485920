/** The recent deltas of the current epoch, so that a console that reconnects gets exactly what it missed. */
import type { FleetDelta } from '../../shared/console-api.js';

export interface DeltaLogLimits {
  readonly deltas: number;
  readonly bytes: number;
}

export interface DeltaLog {
  push(delta: FleetDelta): void;
  /**
   * The deltas after `version`, in order: empty when the console is up to date, undefined when some of
   * them are no longer kept (or `version` is from the future), so that only a snapshot will do.
   */
  since(version: number): readonly FleetDelta[] | undefined;
  clear(): void;
}

export function createDeltaLog(limits: DeltaLogLimits): DeltaLog {
  let deltas: FleetDelta[] = [];
  let bytes = 0;
  const sizeOf = (delta: FleetDelta) => delta.columns.byteLength;
  return {
    push(delta) {
      deltas.push(delta);
      bytes += sizeOf(delta);
      // Trimming in chunks keeps this cheap; the log holds seconds of history, not hours.
      let drop = 0;
      while (deltas.length - drop > limits.deltas || (bytes > limits.bytes && deltas.length - drop > 1)) {
        const oldest = deltas[drop];
        if (!oldest) break;
        bytes -= sizeOf(oldest);
        drop++;
      }
      if (drop > 0) deltas = deltas.slice(drop);
    },
    since(version) {
      const newest = deltas.at(-1);
      const oldest = deltas[0];
      if (!newest || !oldest) return undefined;
      if (version === newest.version) return [];
      if (version > newest.version || version < oldest.version - 1) return undefined;
      return deltas.slice(version - oldest.version + 1);
    },
    clear() {
      deltas = [];
      bytes = 0;
    },
  };
}
