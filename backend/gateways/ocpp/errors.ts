/**
 * CALLERROR codes as OCPP 1.6J names them (§4.2.3). ocpp-rpc speaks OCPP 2.0's vocabulary in places: its
 * schema checks answer `FormatViolation` for out-of-range values and its framing checks answer
 * `RpcFrameworkError`/`MessageTypeNotSupported`, which a 1.6 charge point does not know. This module
 * gives every schema failure the 1.6 code for what is wrong, and rewrites the framing ones on the way out.
 */
import { createRPCError } from 'ocpp-rpc';
import standardValidators from 'ocpp-rpc/lib/standard-validators.js';
import { Validator } from 'ocpp-rpc/lib/validator.js';
import { z } from 'zod';

export const OCPP_PROTOCOL = 'ocpp1.6';

/**
 * JSON-schema keyword of the first failure → OCPP 1.6 code. ocpp-rpc itself turns the deprecated
 * `OccurenceConstraintViolation` into `OccurrenceConstraintViolation` when it sends a 1.6 CALLERROR
 * (the spelling of the OCPP-J 1.6 errata).
 */
const CODE_FOR_KEYWORD: Readonly<Record<string, string>> = {
  // "somestring": 12, or a timestamp that is not an RFC 3339 date-time.
  type: 'TypeConstraintViolation',
  format: 'TypeConstraintViolation',
  // The field is there and typed right but holds a value the specification does not allow.
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  // A field missing, or a list with too few or too many items.
  required: 'OccurenceConstraintViolation',
  minItems: 'OccurenceConstraintViolation',
  maxItems: 'OccurenceConstraintViolation',
  // A field the message does not have: not the PDU's structure.
  additionalProperties: 'FormationViolation',
};

const ajvErrorsSchema = z.object({ errors: z.array(z.object({ keyword: z.string() }).loose()).min(1) }).loose();

function ocpp16Standard(): Validator {
  const standard = standardValidators.find((validator) => validator.subprotocol === OCPP_PROTOCOL);
  if (!standard) throw new Error(`ocpp-rpc has no ${OCPP_PROTOCOL} schemas`);
  return standard;
}

/** ocpp-rpc's own OCPP 1.6 schemas, answering with OCPP 1.6's error codes. */
class Ocpp16Validator extends Validator {
  constructor() {
    const standard = ocpp16Standard();
    super(OCPP_PROTOCOL, standard._ajv);
  }

  override validate(schemaId: string, params: unknown): boolean | Promise<unknown> {
    // A CALL frame without its payload element: the payload is incomplete.
    if (params === undefined) throw createRPCError('ProtocolError', 'The CALL has no payload', {});
    try {
      return super.validate(schemaId, params);
    } catch (error) {
      const details = ajvErrorsSchema.safeParse(error instanceof Error && 'details' in error ? error.details : undefined);
      if (!details.success || !(error instanceof Error)) throw error;
      const keyword = details.data.errors[0]?.keyword ?? '';
      throw createRPCError(CODE_FOR_KEYWORD[keyword] ?? 'FormationViolation', error.message, { errors: details.data.errors });
    }
  }
}

export function createOcpp16Validator(): Validator {
  return new Ocpp16Validator();
}

/** Framing codes of later OCPP versions → the OCPP 1.6 code for the same fault. */
const OCPP16_CODE: Readonly<Record<string, string>> = {
  // Not JSON, not an array, a message type or id of the wrong type: not the frame's structure.
  RpcFrameworkError: 'FormationViolation',
  MessageTypeNotSupported: 'FormationViolation',
  FormatViolation: 'FormationViolation',
};

const CALL_ERROR = 4;
const callErrorSchema = z.tuple([z.literal(CALL_ERROR), z.string(), z.string(), z.string(), z.unknown()]);

/** The frame with its CALLERROR code in OCPP 1.6 terms; any other frame unchanged. */
export function asOcpp16Frame(frame: string): string {
  // Cheap test first: ocpp-rpc writes frames with JSON.stringify, so a CALLERROR starts exactly so.
  if (!frame.startsWith(`[${CALL_ERROR},`)) return frame;
  const parsed = callErrorSchema.safeParse(JSON.parse(frame));
  if (!parsed.success) return frame;
  const [type, messageId, code, description, details] = parsed.data;
  const translated = OCPP16_CODE[code];
  return translated ? JSON.stringify([type, messageId, translated, description, details]) : frame;
}
