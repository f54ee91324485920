/**
 * What the rest of the backend sees of the cars' broker, whichever carries them: the embedded broker
 * (aedes, mqtt.ts) or an external Mosquitto 2 (mqtt-external.ts).
 */
import type { CarCommand, CarCommandAck } from '../../shared/car-commands.js';

/** Channels a car may publish on, under `fleet/cars/{its id}/`; `cmd` is the backend's to write. */
export const CAR_PUBLISH_CHANNELS = ['state', 'events', 'history', 'presence', 'cmd/ack'] as const;

/** A car's broker login: username and client id are the car's id, the password its secret. */
export interface CarCredentials {
  readonly carId: string;
  readonly secret: string;
}

export interface CarGatewayStats {
  /** Cars with an open MQTT connection; null when the broker is external and does not say. */
  readonly connectedCars: number | null;
  /** Messages on a car's topics that did not parse or validate, dropped since start. */
  readonly invalidMessages: number;
}

export interface CarAccountSummary {
  /** Cars given a broker account, or a new password, by this call. */
  readonly created: number;
  readonly updated: number;
  /** Cars whose account was already as asked (they were left connected). */
  readonly unchanged: number;
}

/**
 * A car's answer to a command. `carId` is the topic's: a car may publish only under its own topics, so
 * whatever an answer says, it speaks for that car and no other.
 */
export type CommandAckListener = (carId: string, ack: CarCommandAck) => void;

export interface CarGateway {
  /** Where cars connect, without credentials: mqtt://HOST:PORT. */
  readonly url: string;
  readonly port: number;
  stats(): CarGatewayStats;
  /**
   * Makes the broker accept each car with this secret from now on: call it after provisioning a car or
   * rotating its secret. A car whose secret changed is disconnected; the others are left connected. The
   * embedded broker checks the inventory at every login and has nothing to do.
   */
  syncCars(cars: readonly CarCredentials[]): Promise<CarAccountSummary>;
  /** Removes removed cars' broker accounts, which disconnects them. */
  removeCars(carIds: readonly string[]): Promise<void>;
  /**
   * Publishes a signed command on the car's `cmd` topic, QoS 1 and not retained (a retained command would
   * reach the car again at each of its connections); resolves once the broker has it.
   */
  publishCommand(carId: string, command: CarCommand): Promise<void>;
  /** Hears every valid answer on the cars' `cmd/ack` topics; returns what stops it. */
  onCommandAck(listener: CommandAckListener): () => void;
  close(): Promise<void>;
}
