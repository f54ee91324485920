/**
 * Lean devices for the load: the real protocols over real sockets, but with payloads built from a
 * template instead of a simulated world, so that the load generator costs the backend's machine little.
 * Cars are plain `mqtt` clients; charge points are raw `ws` OCPP 1.6J frames or `ocpp-rpc` clients.
 */
import type { DeviceSpec, Endpoints, LoadDevice } from './device-contract.js';
import { MqttCar } from './mqtt-car.js';
import { RpcChargePoint, WsChargePoint } from './ocpp-charge-points.js';
import type { OcppClientKind } from './protocol.js';

export type { DeviceSpec, Endpoints, LoadDevice } from './device-contract.js';

export function createDevice(spec: DeviceSpec, endpoints: Endpoints, ocppClient: OcppClientKind, onDisconnect: () => void): LoadDevice {
  if (spec.kind === 'car') return new MqttCar(spec, endpoints.mqttUrl, onDisconnect);
  return ocppClient === 'ws' ? new WsChargePoint(spec, endpoints.httpUrl, onDisconnect) : new RpcChargePoint(spec, endpoints.httpUrl, onDisconnect);
}

/** Connects devices, at most `concurrency` at a time, so that the backend sees a ramp, not a storm. */
export async function connectAll(devices: readonly LoadDevice[], concurrency: number): Promise<{ connected: number; failed: number; firstError: string | null }> {
  let next = 0;
  let connected = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < devices.length) {
      const device = devices[next++];
      if (!device) break;
      try {
        await device.connect();
        connected++;
      } catch (error) {
        failed++;
        firstError ??= `${device.id}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, devices.length) }, worker));
  return { connected, failed, firstError };
}
