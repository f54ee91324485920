/**
 * The simulated world without any transport: cars drive between stations, park, plug into free charge
 * points and charge. Deterministic for a seed; time is whatever the caller passes to advance(), so tests
 * run hours of it in microseconds.
 */
import { seededRandom } from '../../shared/network.js';
import type { Network, NetworkStation } from '../../shared/network.js';
import { bearingDegrees, distanceKm, moveTowards } from './geo.js';
import { BATTERY_KWH, CHARGER_KW, KWH_PER_KM, SENSOR_NAMES, setSensor } from './car.js';
import type { SensorName, SimulatedCar } from './car.js';
import { PASSING_STATUS_MS } from './charge-point.js';
import type { ConnectorStatus, SimulatedChargePoint } from './charge-point.js';

export interface WorldOptions {
  readonly seed: number;
  /** The world's clock at the start. */
  readonly nowMs: number;
  /** How much faster than real time cars drive, charge and drain. */
  readonly speedFactor?: number;
  /** The share of cars on the road at any time, once the world has settled. */
  readonly drivingShare?: number;
  /**
   * Send that share of cars off within the first minute instead of waiting for departures to build up
   * (which takes a whole trip's length): a demo should be moving as soon as it starts.
   */
  readonly isWarmStart?: boolean;
  /**
   * Whether the central system holds a charge point (reserved for someone, or out of service): an arriving
   * car parks at another one, or unplugged, as a driver does at a bay marked reserved.
   */
  readonly isHeld?: (chargePointId: string) => boolean;
}

const WARM_START_SPREAD_MS = 60_000;

export type ChargePointListener = (chargePoint: Readonly<SimulatedChargePoint>) => void;

export const CITY_SPEED_KMH = { minimum: 20, maximum: 35 } as const;
export const TRIP_KM = { minimum: 1, maximum: 6 } as const;
/** Getting in (doors open, cable out) and getting out (doors open, cable in) take a few real seconds. */
export const HANDOVER_MS = 8_000;
/** A car below this charge stays on its charger. */
const MINIMUM_TRIP_BATTERY = 15;
const EXPECTED_TRIP_KM = 3.5;
const DESTINATION_ATTEMPTS = 40;

export class World {
  readonly #cars = new Map<string, SimulatedCar>();
  readonly #chargePoints = new Map<string, SimulatedChargePoint>();
  readonly #stations = new Map<string, NetworkStation>();
  readonly #stationList: NetworkStation[];
  readonly #chargePointsByStation = new Map<string, SimulatedChargePoint[]>();
  /** Charge points in a passing status, so advance() does not scan all of them. */
  readonly #settling = new Set<SimulatedChargePoint>();
  readonly #listeners = new Set<ChargePointListener>();
  readonly #random: () => number;
  readonly #speedFactor: number;
  readonly #isHeld: (chargePointId: string) => boolean;
  readonly #meanParkedMs: number;
  #nowMs: number;

  constructor(network: Network, options: WorldOptions) {
    this.#random = seededRandom(options.seed);
    this.#speedFactor = options.speedFactor ?? 1;
    this.#isHeld = options.isHeld ?? (() => false);
    this.#nowMs = options.nowMs;
    const drivingShare = Math.min(0.95, Math.max(0.001, options.drivingShare ?? 0.1));
    // A car is on a trip for tripMs then parked for parkedMs: share = trip / (trip + parked).
    const averageSpeed = (CITY_SPEED_KMH.minimum + CITY_SPEED_KMH.maximum) / 2;
    const tripMs = ((EXPECTED_TRIP_KM / averageSpeed) * 3_600_000) / this.#speedFactor + 2 * HANDOVER_MS;
    this.#meanParkedMs = (tripMs * (1 - drivingShare)) / drivingShare;
    this.#stationList = [...network.stations];
    for (const station of network.stations) {
      this.#stations.set(station.id, station);
      this.#chargePointsByStation.set(station.id, []);
    }
    const models = new Map(network.models.map((model) => [model.id, model]));
    for (const device of network.devices) {
      if (device.kind !== 'chargePoint') continue;
      const model = models.get(device.modelId);
      const chargePoint: SimulatedChargePoint = {
        id: device.id,
        stationId: device.stationId,
        vendor: model?.manufacturer ?? 'Cyberponies',
        model: model?.name ?? device.modelId,
        serialNumber: device.serialNumber,
        firmwareVersion: device.firmwareVersion,
        status: 'Available',
        statusChangedAtMs: this.#nowMs - Math.floor(this.#random() * 86_400_000),
        carId: null,
        energyWh: Math.floor(this.#random() * 2_000_000),
        powerW: 0,
        settlesAtMs: null,
      };
      this.#chargePoints.set(device.id, chargePoint);
      this.#chargePointsByStation.get(device.stationId)?.push(chargePoint);
    }
    for (const device of network.devices) {
      if (device.kind === 'car') this.#addParkedCar(device.id, device.stationId);
    }
    if (options.isWarmStart) this.#sendOffShare(drivingShare);
  }

  #sendOffShare(share: number): void {
    for (const car of this.#cars.values()) {
      if (this.#random() >= share || !this.startTrip(car.id)) continue;
      car.activityEndsAtMs = this.#nowMs + Math.floor(this.#random() * WARM_START_SPREAD_MS);
    }
  }

  get nowMs(): number {
    return this.#nowMs;
  }

  get cars(): ReadonlyMap<string, Readonly<SimulatedCar>> {
    return this.#cars;
  }

  get chargePoints(): ReadonlyMap<string, Readonly<SimulatedChargePoint>> {
    return this.#chargePoints;
  }

  /** Called on every change of a charge point's connector status. */
  onChargePointStatus(listener: ChargePointListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  counts(): { driving: number; charging: number; parked: number } {
    let driving = 0;
    let charging = 0;
    for (const car of this.#cars.values()) {
      if (car.activity === 'driving') driving++;
      if (car.sensors.charging.value) charging++;
    }
    return { driving, charging, parked: this.#cars.size - driving };
  }

  advance(nowMs: number): void {
    const elapsedMs = nowMs - this.#nowMs;
    if (elapsedMs <= 0) return;
    this.#nowMs = nowMs;
    const simulatedHours = (elapsedMs / 3_600_000) * this.#speedFactor;
    const departureChance = 1 - Math.exp(-elapsedMs / this.#meanParkedMs);
    for (const car of this.#cars.values()) {
      switch (car.activity) {
        case 'parked':
          this.#charge(car, simulatedHours);
          if (car.batteryPercent >= MINIMUM_TRIP_BATTERY && this.#random() < departureChance) this.startTrip(car.id);
          break;
        case 'boarding':
          // Immobilised while boarding: the ignition stays off, the customer waits for a release.
          if (nowMs >= car.activityEndsAtMs && !car.isImmobilised) this.#setOff(car);
          break;
        case 'driving':
          this.#drive(car, simulatedHours);
          break;
        case 'alighting':
          if (nowMs >= car.activityEndsAtMs) this.#park(car);
          break;
      }
    }
    for (const chargePoint of this.#settling) {
      if (chargePoint.settlesAtMs !== null && nowMs >= chargePoint.settlesAtMs) this.#settle(chargePoint);
    }
  }

  /**
   * Sends a parked car to another station (the given one, or one 1–6 km away). False when the car is not
   * parked, is immobilised, or there is nowhere to go.
   */
  startTrip(carId: string, toStationId?: string): boolean {
    const car = this.#cars.get(carId);
    if (!car || car.activity !== 'parked' || car.isImmobilised) return false;
    const destination = toStationId === undefined ? this.#pickDestination(car.stationId) : this.#stations.get(toStationId);
    if (!destination || destination.id === car.stationId) return false;
    car.trip = {
      fromStationId: car.stationId,
      toStationId: destination.id,
      destination: { latitude: destination.latitude, longitude: destination.longitude },
    };
    // The cable comes out before the hatch over the socket closes.
    this.#setSensors(car, { locked: false, doorsOpen: true, charging: false, plugged: false, chargeHatchOpen: false });
    this.#unplug(car);
    car.activity = 'boarding';
    car.activityEndsAtMs = this.#nowMs + HANDOVER_MS;
    return true;
  }

  /** A remote lock or unlock: the sensor changes now; the next customer's badge or parking changes it again. */
  setLocked(carId: string, isLocked: boolean): void {
    const car = this.#cars.get(carId);
    if (car) setSensor(car, 'locked', isLocked, this.#nowMs);
  }

  /** An immobilised car finishes what it is doing (a car is never stopped on the road) and does not set off again. */
  setImmobilised(carId: string, isImmobilised: boolean): void {
    const car = this.#cars.get(carId);
    if (car) car.isImmobilised = isImmobilised;
  }

  #addParkedCar(id: string, stationId: string): void {
    const station = this.#stations.get(stationId);
    const random = this.#random;
    const now = this.#nowMs;
    const hoursAgo = () => now - Math.floor(random() * 6 * 3_600_000);
    const parkedSince = hoursAgo();
    const car: SimulatedCar = {
      id,
      activity: 'parked',
      activityEndsAtMs: now,
      stationId,
      latitude: station?.latitude ?? 48.8566,
      longitude: station?.longitude ?? 2.3522,
      speedKmh: 0,
      headingDegrees: Math.floor(random() * 360),
      batteryPercent: random() < 0.15 ? 100 : Math.round((25 + random() * 75) * 10) / 10,
      odometerKm: Math.round((3_000 + random() * 60_000) * 10) / 10,
      chargePointId: null,
      trip: null,
      clockOffsetMs: Math.round((random() - 0.5) * 4_000),
      isImmobilised: false,
      sensors: {
        doorsOpen: { value: false, changedAtMs: parkedSince },
        locked: { value: true, changedAtMs: parkedSince },
        plugged: { value: false, changedAtMs: parkedSince },
        charging: { value: false, changedAtMs: parkedSince },
        ignition: { value: false, changedAtMs: parkedSince },
        chargeHatchOpen: { value: false, changedAtMs: parkedSince },
      },
    };
    this.#cars.set(id, car);
    const chargePoint = this.#freeChargePoint(stationId);
    if (!chargePoint) return;
    // Already plugged in when the simulation starts: no Preparing, straight to the settled status.
    chargePoint.carId = car.id;
    car.chargePointId = chargePoint.id;
    car.sensors.plugged.value = true;
    car.sensors.chargeHatchOpen.value = true;
    const isCharging = car.batteryPercent < 100;
    chargePoint.status = isCharging ? 'Charging' : 'SuspendedEV';
    chargePoint.statusChangedAtMs = parkedSince;
    chargePoint.powerW = isCharging ? CHARGER_KW * 1000 : 0;
    car.sensors.charging = { value: isCharging, changedAtMs: isCharging ? parkedSince : hoursAgo() };
  }

  #freeChargePoint(stationId: string): SimulatedChargePoint | undefined {
    return this.#chargePointsByStation.get(stationId)?.find((chargePoint) => chargePoint.carId === null && chargePoint.status === 'Available' && !this.#isHeld(chargePoint.id));
  }

  #pickDestination(fromStationId: string): NetworkStation | undefined {
    const from = this.#stations.get(fromStationId);
    if (!from || this.#stationList.length < 2) return undefined;
    for (let attempt = 0; attempt < DESTINATION_ATTEMPTS; attempt++) {
      const candidate = this.#stationList[Math.floor(this.#random() * this.#stationList.length)];
      if (!candidate || candidate.id === from.id) continue;
      const distance = distanceKm(from, candidate);
      if (distance >= TRIP_KM.minimum && distance <= TRIP_KM.maximum) return candidate;
    }
    // A small or sparse network: the nearest other station will do.
    let nearest: NetworkStation | undefined;
    let nearestKm = Infinity;
    for (const candidate of this.#stationList) {
      if (candidate.id === from.id) continue;
      const distance = distanceKm(from, candidate);
      if (distance < nearestKm) {
        nearest = candidate;
        nearestKm = distance;
      }
    }
    return nearest;
  }

  #setSensors(car: SimulatedCar, values: Partial<Record<SensorName, boolean>>): void {
    for (const name of SENSOR_NAMES) {
      const value = values[name];
      if (value !== undefined) setSensor(car, name, value, this.#nowMs);
    }
  }

  #setStatus(chargePoint: SimulatedChargePoint, status: ConnectorStatus, settlesAtMs: number | null = null): void {
    chargePoint.settlesAtMs = settlesAtMs;
    if (settlesAtMs === null) this.#settling.delete(chargePoint);
    else this.#settling.add(chargePoint);
    if (chargePoint.status === status) return;
    chargePoint.status = status;
    chargePoint.statusChangedAtMs = this.#nowMs;
    for (const listener of this.#listeners) listener(chargePoint);
  }

  #settle(chargePoint: SimulatedChargePoint): void {
    const car = chargePoint.carId === null ? undefined : this.#cars.get(chargePoint.carId);
    if (chargePoint.status !== 'Preparing' || !car) {
      this.#setStatus(chargePoint, 'Available');
      return;
    }
    const isCharging = car.batteryPercent < 100;
    chargePoint.powerW = isCharging ? CHARGER_KW * 1000 : 0;
    setSensor(car, 'charging', isCharging, this.#nowMs);
    this.#setStatus(chargePoint, isCharging ? 'Charging' : 'SuspendedEV');
  }

  #charge(car: SimulatedCar, simulatedHours: number): void {
    if (car.chargePointId === null) return;
    const chargePoint = this.#chargePoints.get(car.chargePointId);
    if (!chargePoint || chargePoint.status !== 'Charging') return;
    const room = ((100 - car.batteryPercent) / 100) * BATTERY_KWH;
    const energyKwh = Math.min(room, (chargePoint.powerW / 1000) * simulatedHours);
    chargePoint.energyWh += energyKwh * 1000;
    car.batteryPercent = Math.min(100, car.batteryPercent + (energyKwh / BATTERY_KWH) * 100);
    if (room - energyKwh <= 1e-9) {
      car.batteryPercent = 100;
      chargePoint.powerW = 0;
      setSensor(car, 'charging', false, this.#nowMs);
      this.#setStatus(chargePoint, 'SuspendedEV');
    }
  }

  #unplug(car: SimulatedCar): void {
    if (car.chargePointId === null) return;
    const chargePoint = this.#chargePoints.get(car.chargePointId);
    car.chargePointId = null;
    if (!chargePoint) return;
    chargePoint.carId = null;
    chargePoint.powerW = 0;
    this.#setStatus(chargePoint, 'Finishing', this.#nowMs + PASSING_STATUS_MS);
  }

  #setOff(car: SimulatedCar): void {
    this.#setSensors(car, { doorsOpen: false, ignition: true });
    car.activity = 'driving';
    car.speedKmh = CITY_SPEED_KMH.minimum + this.#random() * (CITY_SPEED_KMH.maximum - CITY_SPEED_KMH.minimum);
    if (car.trip) car.headingDegrees = bearingDegrees(car, car.trip.destination);
  }

  #drive(car: SimulatedCar, simulatedHours: number): void {
    const trip = car.trip;
    if (!trip) {
      car.activity = 'parked';
      return;
    }
    // Traffic: the speed wanders within city limits.
    const jitter = (this.#random() - 0.5) * 6;
    car.speedKmh = Math.min(CITY_SPEED_KMH.maximum, Math.max(CITY_SPEED_KMH.minimum, car.speedKmh + jitter));
    const remainingKm = distanceKm(car, trip.destination);
    const stepKm = Math.min(remainingKm, car.speedKmh * simulatedHours);
    car.headingDegrees = bearingDegrees(car, trip.destination);
    const next = moveTowards(car, trip.destination, stepKm);
    car.latitude = next.latitude;
    car.longitude = next.longitude;
    car.odometerKm += stepKm;
    car.batteryPercent = Math.max(0, car.batteryPercent - ((stepKm * KWH_PER_KM) / BATTERY_KWH) * 100);
    if (stepKm >= remainingKm) this.#arrive(car, trip.toStationId);
  }

  #arrive(car: SimulatedCar, stationId: string): void {
    car.speedKmh = 0;
    car.stationId = stationId;
    car.trip = null;
    this.#setSensors(car, { ignition: false, doorsOpen: true });
    car.activity = 'alighting';
    car.activityEndsAtMs = this.#nowMs + HANDOVER_MS;
  }

  #park(car: SimulatedCar): void {
    this.#setSensors(car, { doorsOpen: false, locked: true });
    car.activity = 'parked';
    const chargePoint = this.#freeChargePoint(car.stationId);
    if (!chargePoint) return;
    chargePoint.carId = car.id;
    car.chargePointId = chargePoint.id;
    // The hatch over the socket opens before the cable goes in.
    setSensor(car, 'chargeHatchOpen', true, this.#nowMs);
    setSensor(car, 'plugged', true, this.#nowMs);
    this.#setStatus(chargePoint, 'Preparing', this.#nowMs + PASSING_STATUS_MS);
  }
}
