/** The support view's part of the URL hash (#/support?customer=C-42): the customer looked up, if any. */

export interface SupportLocation {
  readonly view: 'support';
  readonly customerRef: string | null;
}

export function writeSupportParams(params: URLSearchParams, location: SupportLocation): void {
  if (location.customerRef !== null) params.set('customer', location.customerRef);
}

export function readSupportParams(params: URLSearchParams): SupportLocation {
  return { view: 'support', customerRef: params.get('customer') || null };
}
