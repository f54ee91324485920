/** Every HTTP error is `{ "error": { "code", "message" } }`, with the status that goes with the code. */
import { ERROR_CODES } from '../../shared/result.js';
import type { ErrorCode, Failure } from '../../shared/result.js';

export const STATUS_FOR_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export class HttpError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  get status(): number {
    return STATUS_FOR_CODE[this.code];
  }

  get body(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }

  static from(failure: Failure): HttpError {
    return new HttpError(failure.error.code, failure.error.message);
  }
}

/** The code for a status that fastify or a plugin chose (bad JSON, body too large, …). */
export function codeForStatus(status: number): ErrorCode {
  return ERROR_CODES.find((code) => STATUS_FOR_CODE[code] === status) ?? (status >= 500 ? 'internal' : 'invalid');
}
