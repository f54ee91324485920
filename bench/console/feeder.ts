/**
 * Device messages straight into the backend's state cache, at a set rate spread evenly over time: what
 * the gateways would hand over, without the gateways (bench:ingest measures those). Cars drive along
 * street-like paths (long straight runs, right-angle turns, back towards the city when they stray), park,
 * charge and set off again; charge points send heartbeats and change status. Every device speaks often
 * enough never to turn stale, as a healthy fleet does. The hub turns the changes into deltas as in
 * production; history is not written.
 */
import type { CarState } from '../../shared/car-protocol.js';
import type { Network } from '../../shared/network.js';
import { seededRandom } from '../../shared/network.js';
import type { DeviceMessage, MessageBody } from '../../backend/ingest/message.js';
import type { StateCache } from '../../backend/state/index.js';

export interface FeederCounters {
  /** Messages the schedule called for since the start. */
  readonly offered: number;
  /** Messages the state cache took as the device's current state. */
  readonly applied: number;
  /** Milliseconds the feeder's ticks took: its own share of the backend's core. */
  readonly busyMs: number;
}

const CENTRE = { latitude: 48.8566, longitude: 2.3522 } as const;
const KM_PER_DEGREE = 111.2;
/** Cars that stray farther than this from the centre turn back (the generated network reaches 13 km). */
const MAX_RADIUS_KM = 13.5;
const DRIVING_SHARE = 0.2;
/** How often each kind of device speaks; the rate scales them together. A car is stale after 15 s. */
const REPORT_SECONDS = { driving: 2, parked: 10, chargePoint: 18 } as const;
const STATUS_SHARE = 0.15;
/** A charge point's connector goes round this cycle, one step per status message; Faulted now and then. */
const CONNECTOR_CYCLE = ['Available', 'Preparing', 'Charging', 'Charging', 'Finishing', 'Available', 'Reserved'] as const;
const FAULT_CHANCE = 0.02;
const SET_OFF_CHANCE = 0.03;
const TURN_CHANCE = 0.12;

interface CarTrack {
  readonly id: string;
  latitude: number;
  longitude: number;
  headingDegrees: number;
  speedKmh: number;
  batteryPercent: number;
  odometerKm: number;
  sequence: number;
  isDriving: boolean;
  isCharging: boolean;
  hasFault: boolean;
  changedAtMs: number;
  reportedAtMs: number;
}

interface ChargePointTrack {
  readonly id: string;
  step: number;
  isFaulted: boolean;
}

/** Positions in a list that can swap members with another list in constant time. */
class Roster {
  readonly members: number[] = [];
  /** Where the member `next` gave last sits in `members`. */
  position = -1;

  /** Each member in turn, round and round. */
  next(): number | undefined {
    if (this.members.length === 0) return undefined;
    this.position = (this.position + 1) % this.members.length;
    return this.members[this.position];
  }
}

export class Feeder {
  readonly #state: StateCache;
  readonly #random: () => number;
  readonly #cars: CarTrack[];
  readonly #chargePoints: ChargePointTrack[];
  readonly #driving = new Roster();
  readonly #parked = new Roster();
  #chargePointCursor = 0;
  readonly #rate: number;
  #startedAtMs = 0;
  #scheduled = 0;
  #timer: NodeJS.Timeout | null = null;
  #offered = 0;
  #applied = 0;
  #busyMs = 0;
  #messageId = 0;
  readonly #bootId = `bench-${Date.now().toString(36)}`;

  constructor(state: StateCache, network: Network, rate: number, seed = 1) {
    this.#state = state;
    this.#rate = rate;
    this.#random = seededRandom(seed);
    const stations = new Map(network.stations.map((station) => [station.id, station]));
    const now = Date.now();
    this.#cars = [];
    this.#chargePoints = [];
    for (const device of network.devices) {
      if (device.kind === 'chargePoint') {
        this.#chargePoints.push({ id: device.id, step: Math.floor(this.#random() * CONNECTOR_CYCLE.length), isFaulted: false });
        continue;
      }
      const station = stations.get(device.stationId);
      const isDriving = this.#random() < DRIVING_SHARE;
      (isDriving ? this.#driving : this.#parked).members.push(this.#cars.length);
      this.#cars.push({
        id: device.id,
        latitude: station?.latitude ?? CENTRE.latitude,
        longitude: station?.longitude ?? CENTRE.longitude,
        headingDegrees: Math.floor(this.#random() * 4) * 90,
        speedKmh: isDriving ? this.#cruisingSpeed() : 0,
        batteryPercent: 30 + this.#random() * 70,
        odometerKm: 10_000 + this.#random() * 40_000,
        sequence: 0,
        isDriving,
        isCharging: !isDriving && this.#random() < 0.5,
        hasFault: false,
        changedAtMs: now,
        reportedAtMs: now,
      });
    }
  }

  /** Every device connects and says where it is and what it does: the fleet as the console first sees it. */
  bringOnline(): void {
    const receivedAtMs = Date.now();
    const deviceTime = new Date(receivedAtMs).toISOString();
    for (const car of this.#cars) {
      this.#state.apply({ deviceId: car.id, kind: 'car', receivedAtMs, deviceTime: null, bootId: null, sequence: null, channel: 'mqtt:connection', payload: { online: true } });
      this.#state.apply(this.#carMessage(car, receivedAtMs, deviceTime));
    }
    for (const chargePoint of this.#chargePoints) {
      this.#state.apply(this.#chargePointMessage(chargePoint, receivedAtMs, { channel: 'ocpp:connection', payload: { online: true } }));
      this.#state.apply(this.#statusMessage(chargePoint, receivedAtMs, deviceTime));
    }
  }

  start(tickMs: number): void {
    this.#startedAtMs = performance.now();
    this.#scheduled = 0;
    this.#timer = setInterval(() => this.#tick(), tickMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  counters(): FeederCounters {
    return { offered: this.#offered, applied: this.#applied, busyMs: Math.round(this.#busyMs) };
  }

  #tick(): void {
    const started = performance.now();
    let due = Math.floor(((started - this.#startedAtMs) / 1000) * this.#rate) - this.#scheduled;
    if (due <= 0) return;
    this.#scheduled += due;
    // After a stall (the backend building a snapshot), at most a second's worth at once, as a gateway's queue would give.
    due = Math.min(due, Math.ceil(this.#rate));
    const receivedAtMs = Date.now();
    const deviceTime = new Date(receivedAtMs).toISOString();
    const weights = {
      driving: this.#driving.members.length / REPORT_SECONDS.driving,
      parked: this.#parked.members.length / REPORT_SECONDS.parked,
      chargePoint: this.#chargePoints.length / REPORT_SECONDS.chargePoint,
    };
    const total = weights.driving + weights.parked + weights.chargePoint;
    for (let sent = 0; sent < due; sent++) {
      const pick = this.#random() * total;
      const message =
        pick < weights.driving ? this.#nextCar(this.#driving, receivedAtMs, deviceTime)
        : pick < weights.driving + weights.parked ? this.#nextCar(this.#parked, receivedAtMs, deviceTime)
        : this.#nextChargePoint(receivedAtMs, deviceTime);
      if (!message) continue;
      this.#offered++;
      if (this.#state.apply(message)?.isCurrent) this.#applied++;
    }
    this.#busyMs += performance.now() - started;
  }

  #nextCar(roster: Roster, receivedAtMs: number, deviceTime: string): DeviceMessage | undefined {
    const index = roster.next();
    const car = index === undefined ? undefined : this.#cars[index];
    if (!car || index === undefined) return undefined;
    if (car.isDriving) this.#drive(car, receivedAtMs);
    else this.#stayParked(car);
    // Now and then a parked car sets off and a driving one parks in its place: the counts stay level.
    if (!car.isDriving && this.#random() < SET_OFF_CHANCE) this.#swap(roster.position, car, receivedAtMs);
    return this.#carMessage(car, receivedAtMs, deviceTime);
  }

  #swap(parkedPosition: number, starting: CarTrack, now: number): void {
    const drivingPosition = Math.floor(this.#random() * this.#driving.members.length);
    const parkingIndex = this.#driving.members[drivingPosition];
    const startingIndex = this.#parked.members[parkedPosition];
    const parking = parkingIndex === undefined ? undefined : this.#cars[parkingIndex];
    if (!parking || parkingIndex === undefined || startingIndex === undefined) return;
    this.#driving.members[drivingPosition] = startingIndex;
    this.#parked.members[parkedPosition] = parkingIndex;
    starting.isDriving = true;
    starting.isCharging = false;
    starting.speedKmh = this.#cruisingSpeed();
    starting.changedAtMs = now;
    parking.isDriving = false;
    parking.isCharging = parking.batteryPercent < 60;
    parking.speedKmh = 0;
    parking.changedAtMs = now;
  }

  #drive(car: CarTrack, now: number): void {
    const hours = Math.min(10_000, Math.max(0, now - car.reportedAtMs)) / 3_600_000;
    const distanceKm = car.speedKmh * hours;
    const northKm = (car.latitude - CENTRE.latitude) * KM_PER_DEGREE;
    const eastKm = (car.longitude - CENTRE.longitude) * KM_PER_DEGREE * Math.cos((car.latitude * Math.PI) / 180);
    if (Math.hypot(northKm, eastKm) > MAX_RADIUS_KM) {
      car.headingDegrees = ((Math.atan2(-eastKm, -northKm) * 180) / Math.PI + 360) % 360;
    } else if (this.#random() < TURN_CHANCE) {
      car.headingDegrees = (car.headingDegrees + (this.#random() < 0.5 ? 90 : 270)) % 360;
    }
    const heading = (car.headingDegrees * Math.PI) / 180;
    car.latitude += (distanceKm * Math.cos(heading)) / KM_PER_DEGREE;
    car.longitude += (distanceKm * Math.sin(heading)) / (KM_PER_DEGREE * Math.cos((car.latitude * Math.PI) / 180));
    car.speedKmh = Math.min(50, Math.max(8, car.speedKmh + (this.#random() - 0.5) * 10));
    car.odometerKm += distanceKm;
    car.batteryPercent = Math.max(5, car.batteryPercent - distanceKm * 0.6);
    car.reportedAtMs = now;
  }

  #stayParked(car: CarTrack): void {
    if (car.isCharging) car.batteryPercent = Math.min(100, car.batteryPercent + 0.3);
    car.hasFault = !car.hasFault && this.#random() < 0.002;
  }

  #cruisingSpeed(): number {
    return 15 + this.#random() * 30;
  }

  #carMessage(car: CarTrack, receivedAtMs: number, deviceTime: string): DeviceMessage {
    car.sequence++;
    car.reportedAtMs = receivedAtMs;
    const sinceSeconds = Math.max(0, Math.round((receivedAtMs - car.changedAtMs) / 1000));
    const sensor = (value: boolean) => ({ value, sinceSeconds });
    const payload: CarState = {
      deviceId: car.id,
      bootId: this.#bootId,
      sequence: car.sequence,
      deviceTime,
      position: { latitude: car.latitude, longitude: car.longitude, speedKmh: car.isDriving ? car.speedKmh : 0, headingDegrees: car.headingDegrees },
      batteryPercent: car.batteryPercent,
      rangeKm: car.batteryPercent * 2.5,
      odometerKm: car.odometerKm,
      sensors: { doorsOpen: sensor(false), locked: sensor(!car.isDriving), plugged: sensor(car.isCharging), charging: sensor(car.isCharging), ignition: sensor(car.isDriving) },
      faults: car.hasFault ? ['12V battery low'] : [],
    };
    return { deviceId: car.id, kind: 'car', receivedAtMs, deviceTime, bootId: this.#bootId, sequence: car.sequence, channel: 'mqtt:state', payload };
  }

  #nextChargePoint(receivedAtMs: number, deviceTime: string): DeviceMessage | undefined {
    if (this.#chargePoints.length === 0) return undefined;
    if (this.#chargePointCursor >= this.#chargePoints.length) this.#chargePointCursor = 0;
    const chargePoint = this.#chargePoints[this.#chargePointCursor++];
    if (!chargePoint) return undefined;
    if (this.#random() >= STATUS_SHARE) return this.#chargePointMessage(chargePoint, receivedAtMs, { channel: 'ocpp:Heartbeat', payload: {} });
    chargePoint.isFaulted = !chargePoint.isFaulted && this.#random() < FAULT_CHANCE;
    if (!chargePoint.isFaulted) chargePoint.step = (chargePoint.step + 1) % CONNECTOR_CYCLE.length;
    return this.#statusMessage(chargePoint, receivedAtMs, deviceTime);
  }

  #statusMessage(chargePoint: ChargePointTrack, receivedAtMs: number, deviceTime: string): DeviceMessage {
    const status = chargePoint.isFaulted ? 'Faulted' : (CONNECTOR_CYCLE[chargePoint.step] ?? 'Available');
    const payload = { connectorId: 1, errorCode: chargePoint.isFaulted ? 'GroundFailure' : 'NoError', status, timestamp: deviceTime };
    return this.#chargePointMessage(chargePoint, receivedAtMs, { channel: 'ocpp:StatusNotification', payload });
  }

  #chargePointMessage(chargePoint: ChargePointTrack, receivedAtMs: number, body: MessageBody): DeviceMessage {
    this.#messageId++;
    return { deviceId: chargePoint.id, kind: 'chargePoint', receivedAtMs, deviceTime: null, bootId: this.#bootId, sequence: null, messageId: String(this.#messageId), ...body };
  }
}
