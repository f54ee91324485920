import type { OperatorIdentity } from '../../shared/console-api.js';

/** What the console hub and the HTTP API need to know about a bearer token. */
export interface TokenVerifier {
  verifyToken(token: string): Promise<OperatorIdentity | undefined>;
}
