/** Counters the transports bump and the CLI's status line reads; plain numbers, no work per message. */
export class SimulationCounters {
  carsConnected = 0;
  chargePointsConnected = 0;
  messagesSent = 0;
  /** Made but never sent, by a `drop` fault. */
  messagesDropped = 0;
  /** Sent a second time, by a `duplicate` fault (not in messagesSent). */
  messagesDuplicated = 0;
  /** Logins the server refused while a `badCredentials` fault made the device use a wrong password. */
  loginsRefused = 0;
  errors = 0;
  lastError: string | null = null;

  recordError(error: unknown): void {
    this.errors++;
    this.lastError = error instanceof Error ? error.message : String(error);
  }
}

export interface SimulationStats {
  readonly cars: { readonly total: number; readonly connected: number; readonly driving: number; readonly charging: number };
  readonly chargePoints: { readonly total: number; readonly connected: number };
  /** Messages sent since the start (MQTT publishes and OCPP calls). */
  readonly messagesSent: number;
  readonly messagesDropped: number;
  readonly messagesDuplicated: number;
  readonly loginsRefused: number;
  readonly errors: number;
  readonly lastError: string | null;
}
