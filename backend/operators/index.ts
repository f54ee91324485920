/** Operators: password login, bearer sessions, and the operators created on first start. */
export { createOperators, normaliseUsername, MINIMUM_PASSWORD_LENGTH, SESSION_HOURS, USERNAME_PATTERN } from './operators.js';
export type { AddedOperator, OperatorRecord, Operators } from './operators.js';
export { ADMIN_OPERATOR, DEMO_OPERATORS, bootstrapOperators } from './bootstrap.js';
export type { BootstrapOperator, CreatedOperator } from './bootstrap.js';
export { generatePassword, hashPassword, verifyPassword } from './passwords.js';
export type { TokenVerifier } from './types.js';
