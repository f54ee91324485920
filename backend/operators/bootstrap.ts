/**
 * First start: an `admin`, and for the demo one operator per other role. Each password comes from the
 * environment or is generated and shown once; no password is written in the code.
 */
import type { OperatorRole } from '../../shared/fleet.js';
import type { Operators } from './operators.js';

export interface BootstrapOperator {
  readonly username: string;
  readonly role: OperatorRole;
  /** Where the password may be given. */
  readonly variable: string;
}

export const ADMIN_OPERATOR: BootstrapOperator = { username: 'admin', role: 'admin', variable: 'CYBERPONIES_ADMIN_PASSWORD' };
export const DEMO_OPERATORS: readonly BootstrapOperator[] = [
  { username: 'dispatcher', role: 'dispatcher', variable: 'CYBERPONIES_DISPATCHER_PASSWORD' },
  { username: 'support', role: 'support', variable: 'CYBERPONIES_SUPPORT_PASSWORD' },
  { username: 'supervisor', role: 'supervisor', variable: 'CYBERPONIES_SUPERVISOR_PASSWORD' },
];

export interface CreatedOperator {
  readonly username: string;
  readonly role: OperatorRole;
  /** Null when it came from the environment (the person who set it knows it). */
  readonly generatedPassword: string | null;
}

/** Creates whichever of these operators does not exist yet; returns those it created. */
export async function bootstrapOperators({ operators, withDemoOperators, environment }: {
  readonly operators: Operators;
  readonly withDemoOperators: boolean;
  readonly environment: Readonly<Record<string, string | undefined>>;
}): Promise<CreatedOperator[]> {
  const wanted = withDemoOperators ? [ADMIN_OPERATOR, ...DEMO_OPERATORS] : [ADMIN_OPERATOR];
  const created: CreatedOperator[] = [];
  for (const { username, role, variable } of wanted) {
    if (await operators.find(username)) continue;
    const given = environment[variable] || undefined;
    const added = await operators.add(username, role, given);
    if (!added.ok) {
      // Another backend on the same database may have just created it.
      if (added.error.code === 'conflict') continue;
      throw new Error(`Cannot create the ${username} operator from ${variable}: ${added.error.message}`);
    }
    created.push({ username, role, generatedPassword: added.value.generatedPassword });
  }
  return created;
}
