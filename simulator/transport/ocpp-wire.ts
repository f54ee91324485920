/**
 * The wire under a simulated charge point's OCPP connection: the TCP (or TLS) socket, which faults need
 * in hand, and raw frames resent exactly as they first went out.
 */
import { connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';

/** What ws hands to `createConnection`: http.request's options. */
export interface WireOptions {
  readonly host?: string;
  readonly port?: number | string;
  readonly servername?: string;
  readonly socketPath?: string;
}

/** ocpp-rpc's own reconnection: a second, doubling up to a minute, jittered. */
export const RETRY_MS = { initial: 1_000, maximum: 60_000 } as const;

/** A simulated charge point's ocpp-rpc client: strict OCPP 1.6, one call at a time, on a socket we hold. */
export function chargePointRpcOptions(endpoint: string, identity: string, password: string, openSocket: (wire: WireOptions) => Socket): RPC_ClientOptions {
  return {
    endpoint,
    identity,
    password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    strictModeValidators: [],
    reconnect: true,
    maxReconnects: Infinity,
    backoff: { initialDelay: RETRY_MS.initial, maxDelay: RETRY_MS.maximum, factor: 2, randomisationFactor: 0.5 },
    callTimeoutMs: 30_000,
    pingIntervalMs: 60_000,
    deferPingsOnActivity: true,
    respondWithDetailedErrors: false,
    callConcurrency: 1,
    maxBadMessages: Infinity,
    wsOpts: { createConnection: openSocket },
    headers: {},
  };
}

/** Opens the socket as ws itself would (see ws's netConnect and tlsConnect), so ws can use it unchanged. */
export function openWire(endpoint: string, options: WireOptions): Socket {
  if (new URL(endpoint).protocol === 'wss:') {
    const servername = options.servername ?? (isIP(options.host ?? '') ? '' : options.host);
    return tlsConnect({ ...options, port: Number(options.port), path: undefined, servername });
  }
  return netConnect({ ...options, port: Number(options.port), path: options.socketPath });
}

/**
 * Sends `frame` again, same message id: what a charge point does when it never saw the answer. The
 * backend's second answer matches no call in flight; ocpp-rpc reports it as a bad message, which ends
 * the wait (or the timeout does, if the backend stays silent about a duplicate).
 */
export async function resendFrame(client: RPCClient, frame: unknown, timeoutMs: number): Promise<boolean> {
  if (!Array.isArray(frame) || typeof frame[1] !== 'string') return false;
  const messageId = frame[1];
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('badMessage', onAnswer);
      resolve();
    };
    const onAnswer = (event: { buffer?: unknown }) => {
      if (String(event.buffer).includes(messageId)) done();
    };
    const timer = setTimeout(done, timeoutMs);
    client.on('badMessage', onAnswer);
    client.sendRaw(JSON.stringify(frame));
  });
  return true;
}
