/** The shape of every acknowledged answer that crosses a boundary: a value, or an error a person can read. */

export const ERROR_CODES = ['invalid', 'unauthenticated', 'forbidden', 'notFound', 'conflict', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Failure {
  readonly ok: false;
  readonly error: { readonly code: ErrorCode; readonly message: string };
}
export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}
export type Result<T> = Success<T> | Failure;

export function success<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, error: { code, message } };
}
