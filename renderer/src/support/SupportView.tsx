/** The support view: a customer's reservations, devices, commands and alarms on one timeline. */
export function SupportView() {
  return (
    <main className="view support-view" data-testid="support-view" aria-label="Support">
      <h1 className="view-title">Support</h1>
    </main>
  );
}
