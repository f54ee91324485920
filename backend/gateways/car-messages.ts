/**
 * What a car's MQTT messages mean, whichever broker carried them (the embedded one or an external one):
 * each message on a car's topics is parsed, validated and handed to ingest, or for a command's answer to
 * whoever listens for those; what does not validate is counted and dropped, and the car's connection is kept.
 */
import type { Logger } from 'pino';
import { carCommandAckSchema } from '../../shared/car-commands.js';
import { carBacklogSchema, carPresenceSchema, carStateSchema, parseCarTopic } from '../../shared/car-protocol.js';
import type { CarState } from '../../shared/car-protocol.js';
import type { Ingest } from '../ingest/index.js';
import type { MessageBody } from '../ingest/message.js';
import type { CommandAckListener } from './car-gateway.js';

export interface CarMessageRouter {
  /** Handles one message published on `topic`; topics that are not a car's are ignored. */
  consume(topic: string, payload: Buffer | string): void;
  /** Records that a car's connection came up or went down. */
  connection(carId: string, isOnline: boolean): void;
  /** Messages on a car's topics that did not parse or validate, dropped since start. */
  invalidMessages(): number;
  /** Hears every valid answer on a car's `cmd/ack` topic, for the car of that topic. */
  onCommandAck(listener: CommandAckListener): () => void;
}

interface Envelope {
  readonly deviceTime: string | null;
  readonly bootId: string | null;
  readonly sequence: number | null;
  readonly isBacklog?: boolean;
}

const NO_ENVELOPE: Envelope = { deviceTime: null, bootId: null, sequence: null };

/** A backlog's states in the order they were made: by boot as the car sent them, then by sequence. */
function inOrder(states: readonly CarState[]): CarState[] {
  const bootOrder = new Map<string, number>();
  for (const state of states) if (!bootOrder.has(state.bootId)) bootOrder.set(state.bootId, bootOrder.size);
  return [...states].sort((left, right) => (bootOrder.get(left.bootId) ?? 0) - (bootOrder.get(right.bootId) ?? 0) || left.sequence - right.sequence);
}

function parseJson(payload: Buffer | string): unknown {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
}

export function createCarMessageRouter(options: { readonly ingest: Ingest; readonly logger: Logger }): CarMessageRouter {
  const { ingest, logger } = options;
  const ackListeners = new Set<CommandAckListener>();
  let invalidMessages = 0;
  let lastInvalidLogMs = 0;

  function record(carId: string, body: MessageBody, envelope: Envelope): void {
    ingest.accept({ deviceId: carId, kind: 'car', receivedAtMs: Date.now(), ...envelope, ...body });
  }

  function invalid(carId: string, topic: string, reason: string): void {
    invalidMessages += 1;
    const now = Date.now();
    // A broken car can send many bad messages a second; one line a second is enough to notice it.
    if (now - lastInvalidLogMs > 1000) {
      lastInvalidLogMs = now;
      logger.warn({ carId, topic, reason, invalidMessages }, 'Invalid car message dropped');
    }
  }

  return {
    consume(topicName, payload) {
      const topic = parseCarTopic(topicName);
      if (!topic) return;
      const json = parseJson(payload);
      if (topic.channel === 'state') {
        const parsed = carStateSchema.safeParse(json);
        if (!parsed.success) return invalid(topic.carId, topicName, parsed.error.message);
        if (parsed.data.deviceId !== topic.carId) return invalid(topic.carId, topicName, 'deviceId differs from the topic');
        const { bootId, sequence, deviceTime } = parsed.data;
        record(topic.carId, { channel: 'mqtt:state', payload: parsed.data }, { bootId, sequence, deviceTime });
      } else if (topic.channel === 'history') {
        const parsed = carBacklogSchema.safeParse(json);
        if (!parsed.success) return invalid(topic.carId, topicName, parsed.error.message);
        if (parsed.data.deviceId !== topic.carId || parsed.data.states.some((state) => state.deviceId !== topic.carId)) {
          return invalid(topic.carId, topicName, 'deviceId differs from the topic');
        }
        // Each state is recorded as if it had come on time, except that it tells nothing of the clock.
        for (const state of inOrder(parsed.data.states)) {
          const { bootId, sequence, deviceTime } = state;
          record(topic.carId, { channel: 'mqtt:state', payload: state }, { bootId, sequence, deviceTime, isBacklog: true });
        }
      } else if (topic.channel === 'presence') {
        const parsed = carPresenceSchema.safeParse(json);
        if (!parsed.success || parsed.data.deviceId !== topic.carId) return invalid(topic.carId, topicName, 'not a presence message');
        record(topic.carId, { channel: 'mqtt:presence', payload: parsed.data }, NO_ENVELOPE);
      } else if (topic.channel === 'cmd/ack') {
        const parsed = carCommandAckSchema.safeParse(json);
        if (!parsed.success) return invalid(topic.carId, topicName, parsed.error.message);
        for (const listener of ackListeners) {
          try {
            listener(topic.carId, parsed.data);
          } catch (error) {
            // The broker's delivery must go on: one listener's bug is not the car's fault.
            logger.error({ err: error, carId: topic.carId }, 'Command answer listener failed');
          }
        }
      }
    },
    connection(carId, isOnline) {
      record(carId, { channel: 'mqtt:connection', payload: { online: isOnline } }, NO_ENVELOPE);
    },
    invalidMessages: () => invalidMessages,
    onCommandAck(listener) {
      ackListeners.add(listener);
      return () => ackListeners.delete(listener);
    },
  };
}
