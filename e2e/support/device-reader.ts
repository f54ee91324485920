/**
 * Reading devices the way a console does (`device:get` over the console API), and reading a charge
 * point's history in the order its calls arrived, for the fault tests.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { statusNotificationSchema } from '../../backend/ingest/message.js';
import type { HistoryRecord } from '../../backend/ingest/history-queries.js';
import type { CarState } from '../../shared/car-protocol.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/console-api.js';
import type { ChargePointState, DeviceDetail } from '../../shared/device-detail.js';
import type { RunningSystem } from './system.js';

export interface DeviceReader {
  detail(deviceId: string): Promise<DeviceDetail>;
  carState(deviceId: string): Promise<CarState | null>;
  chargePointState(deviceId: string): Promise<ChargePointState | null>;
  close(): void;
}

/** Logs in as the admin and resolves once the console has its snapshot. */
export async function connectDeviceReader(system: RunningSystem): Promise<DeviceReader> {
  const { token } = await system.login();
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('fleet:snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  async function detail(deviceId: string): Promise<DeviceDetail> {
    const answer = await socket.emitWithAck('device:get', { deviceId });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  }
  return {
    detail,
    async carState(deviceId) {
      const found = await detail(deviceId);
      return found.kind === 'car' ? found.state : null;
    },
    async chargePointState(deviceId) {
      const found = await detail(deviceId);
      return found.kind === 'chargePoint' ? found.state : null;
    },
    close: () => socket.close(),
  };
}

/** An OCPP history row as `Action`, or `StatusNotification:connector`. */
export function ocppLabel(row: HistoryRecord): string {
  const action = row.channel.replace('ocpp:', '');
  return row.channel === 'ocpp:StatusNotification' ? `${action}:${statusNotificationSchema.parse(row.payload).connectorId}` : action;
}

/**
 * The rows' labels in the order they arrived. History times are whole milliseconds, so two calls
 * answered within one are tied: a tie is read in the expected order, anything else as it arrived.
 */
export function arrivalOrder(rows: readonly HistoryRecord[], expected: readonly string[]): string[] {
  const left = [...rows].sort((first, second) => first.receivedAtMs - second.receivedAtMs);
  const order: string[] = [];
  for (const wanted of expected) {
    const index = left.findIndex((row) => row.receivedAtMs === left[0]?.receivedAtMs && ocppLabel(row) === wanted);
    const [taken] = left.splice(Math.max(index, 0), 1);
    if (taken) order.push(ocppLabel(taken));
  }
  return [...order, ...left.map(ocppLabel)];
}
