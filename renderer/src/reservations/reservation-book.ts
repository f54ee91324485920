/**
 * The reservations this console has seen: from the hub's `reservations:changes` pushes, from call
 * answers and from lists. Of two copies of one reservation the later `updatedAtMs` wins, so an answer
 * and a push may arrive in either order.
 */
import type { Reservation, ReservationChanges } from '../../../shared/reservations.js';

export class ReservationBook {
  #reservations = new Map<number, Reservation>();
  #listeners = new Set<() => void>();
  #revision = 0;

  get revision(): number {
    return this.#revision;
  }

  applyChanges(changes: ReservationChanges): void {
    this.upsert(changes.reservations);
  }

  upsert(reservations: readonly Reservation[]): void {
    let changed = false;
    for (const reservation of reservations) {
      const before = this.#reservations.get(reservation.id);
      if (before && !isNewer(reservation, before)) continue;
      this.#reservations.set(reservation.id, reservation);
      changed = true;
    }
    if (!changed) return;
    this.#revision += 1;
    for (const listener of this.#listeners) listener();
  }

  get(reservationId: number): Reservation | undefined {
    return this.#reservations.get(reservationId);
  }

  /** Reservations that pass `keep`, soonest window first. */
  where(keep: (reservation: Reservation) => boolean): Reservation[] {
    const found: Reservation[] = [];
    for (const reservation of this.#reservations.values()) if (keep(reservation)) found.push(reservation);
    return found.sort((left, right) => left.startsAtMs - right.startsAtMs || left.id - right.id);
  }

  clear(): void {
    if (this.#reservations.size === 0) return;
    this.#reservations = new Map();
    this.#revision += 1;
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function isNewer(candidate: Reservation, held: Reservation): boolean {
  return candidate.updatedAtMs > held.updatedAtMs;
}

/** The console's one book, filled by the fleet controller's socket. */
export const reservationBook = new ReservationBook();
