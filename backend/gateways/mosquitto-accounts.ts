/**
 * The cars' and the backend's accounts in Mosquitto's dynamic-security plugin, so that an external
 * broker itself authenticates each car and confines it to its own topics:
 *
 * - each car has a role of its own, `cyberponies-car:{id}`, that may publish on its own channels and
 *   subscribe under `fleet/cars/{id}/` (the plugin of Mosquitto 2.0 has no `%u` in ACLs, hence a role
 *   per car), and a client whose username is its id, whose password is its secret and whose client id is
 *   pinned to its id (so a car cannot take over another car's session);
 * - the backend logs in as `cyberponies-backend`, whose role may subscribe to every car's topics, shared
 *   subscriptions included, and publish commands.
 *
 * The plugin keeps only a salted hash of a password, so a password cannot be compared with a secret.
 * Each client's text description holds a tag of its secret (a domain-separated SHA-256; secrets are
 * 256-bit random values, so the tag gives nothing away) and a password is only set when the tag differs.
 * Changing a client disconnects it, so a backend restart that finds every account right leaves every car
 * connected.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { carTopics } from '../../shared/car-protocol.js';
import { CAR_PUBLISH_CHANNELS } from './car-gateway.js';
import type { CarAccountSummary, CarCredentials } from './car-gateway.js';
import type { DynsecCommand, DynsecControl, DynsecResponse } from './mosquitto-dynsec.js';

export const BACKEND_USERNAME = 'cyberponies-backend';
const BACKEND_ROLE = 'cyberponies-backend';
/** Cars per batch: the plugin rewrites its file after each changing command, so batches stay modest. */
const BATCH_SIZE = 100;

const aclSchema = z.object({ acltype: z.string(), topic: z.string(), allow: z.boolean() });
export type Acl = z.infer<typeof aclSchema>;
const clientSchema = z.object({
  username: z.string(),
  clientid: z.string().optional(),
  textdescription: z.string().optional(),
  roles: z.array(z.object({ rolename: z.string() })).default([]),
});
export type DynsecClient = z.infer<typeof clientSchema>;
const roleSchema = z.object({ rolename: z.string(), acls: z.array(aclSchema).default([]) });
export type DynsecRole = z.infer<typeof roleSchema>;

/** The account one login should have. */
export interface AccountSpec {
  readonly username: string;
  readonly password: string;
  /** Pinned client id, or null to allow any (the backend's nodes each use their own). */
  readonly clientId: string | null;
  readonly role: DynsecRole;
}

export function secretTag(secret: string): string {
  return `secret:${createHash('sha256').update('cyberponies mosquitto account\0').update(secret, 'utf8').digest('base64url').slice(0, 22)}`;
}

export function carRoleName(carId: string): string {
  return `cyberponies-car:${carId}`;
}

export function carAccount({ carId, secret }: CarCredentials): AccountSpec {
  const own = carTopics.own(carId);
  const acls: Acl[] = [
    ...CAR_PUBLISH_CHANNELS.map((channel) => ({ acltype: 'publishClientSend', topic: `${own}${channel}`, allow: true })),
    { acltype: 'subscribePattern', topic: `${own}#`, allow: true },
  ];
  return { username: carId, password: secret, clientId: carId, role: { rolename: carRoleName(carId), acls } };
}

export function backendAccount(password: string): AccountSpec {
  const everyCar = carTopics.own('+');
  const acls: Acl[] = [
    { acltype: 'subscribePattern', topic: `${everyCar}#`, allow: true },
    // Mosquitto 2.0 checks a shared subscription's ACL with its `$share/{group}/` prefix.
    { acltype: 'subscribePattern', topic: `$share/+/${everyCar}#`, allow: true },
    { acltype: 'publishClientSend', topic: carTopics.command('+'), allow: true },
  ];
  return { username: BACKEND_USERNAME, password, clientId: null, role: { rolename: BACKEND_ROLE, acls } };
}

const aclKey = (acl: Acl) => `${acl.acltype} ${acl.topic} ${String(acl.allow)}`;

/** The commands that turn what the broker has into what `spec` asks for; none when it already is. */
export function planAccount(spec: AccountSpec, current: { readonly client?: DynsecClient; readonly role?: DynsecRole }): {
  readonly commands: readonly DynsecCommand[];
  readonly outcome: keyof CarAccountSummary;
} {
  const commands: DynsecCommand[] = [];
  const { rolename, acls } = spec.role;
  if (!current.role) commands.push({ command: 'createRole', rolename, acls });
  else {
    const wanted = new Set(acls.map(aclKey));
    const present = new Set(current.role.acls.map(aclKey));
    for (const acl of current.role.acls) if (!wanted.has(aclKey(acl))) commands.push({ command: 'removeRoleACL', rolename, acltype: acl.acltype, topic: acl.topic });
    for (const acl of acls) if (!present.has(aclKey(acl))) commands.push({ command: 'addRoleACL', rolename, ...acl });
  }
  const tag = secretTag(spec.password);
  const roles = [{ rolename }];
  const clientId = spec.clientId === null ? {} : { clientid: spec.clientId };
  if (!current.client) {
    commands.push({ command: 'createClient', username: spec.username, password: spec.password, textdescription: tag, roles, ...clientId });
    return { commands, outcome: 'created' };
  }
  const { client } = current;
  const isPasswordCurrent = client.textdescription === tag;
  const isClientIdRight = spec.clientId === null || client.clientid === spec.clientId;
  const areRolesRight = client.roles.length === 1 && client.roles[0]?.rolename === rolename;
  if (!isPasswordCurrent || !isClientIdRight || !areRolesRight) {
    const password = isPasswordCurrent ? {} : { password: spec.password, textdescription: tag };
    commands.push({ command: 'modifyClient', username: spec.username, roles, ...clientId, ...password });
  }
  return { commands, outcome: commands.length > 0 ? 'updated' : 'unchanged' };
}

function failures(responses: readonly DynsecResponse[]): string[] {
  return responses.flatMap((response) => (response.error === undefined ? [] : [`${response.command}: ${response.error}`]));
}

function found<T>(response: DynsecResponse | undefined, schema: z.ZodType<T>, key: 'client' | 'role'): T | undefined {
  if (!response || response.error !== undefined) return undefined;
  const parsed = z.object({ [key]: schema }).safeParse(response.data);
  return parsed.success ? parsed.data[key] : undefined;
}

export interface MosquittoAccounts {
  /** Brings each account to its spec, reading before writing so that right accounts are left alone. */
  sync(specs: readonly AccountSpec[], shouldStop?: () => boolean): Promise<CarAccountSummary>;
  /** Deletes these logins and their roles; missing ones are fine. */
  remove(usernames: readonly string[], roleOf: (username: string) => string): Promise<void>;
}

export function mosquittoAccounts(control: DynsecControl): MosquittoAccounts {
  // One change at a time: two syncs that both read "missing" would both create, and the second fail.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function sync(specs: readonly AccountSpec[], shouldStop: () => boolean): Promise<CarAccountSummary> {
    const summary = { created: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < specs.length && !shouldStop(); start += BATCH_SIZE) {
      const batch = specs.slice(start, start + BATCH_SIZE);
      const read = await control.run(
        batch.flatMap((spec) => [
          { command: 'getClient', username: spec.username },
          { command: 'getRole', rolename: spec.role.rolename },
        ]),
      );
      const plans = batch.map((spec, index) =>
        planAccount(spec, { client: found(read[index * 2], clientSchema, 'client'), role: found(read[index * 2 + 1], roleSchema, 'role') }),
      );
      const problems = failures(await control.run(plans.flatMap((plan) => plan.commands)));
      if (problems.length > 0) throw new Error(`The broker refused account changes: ${problems.slice(0, 5).join('; ')}`);
      for (const plan of plans) summary[plan.outcome] += 1;
    }
    return summary;
  }

  async function remove(usernames: readonly string[], roleOf: (username: string) => string): Promise<void> {
    for (let start = 0; start < usernames.length; start += BATCH_SIZE) {
      const batch = usernames.slice(start, start + BATCH_SIZE);
      const responses = await control.run(
        batch.flatMap((username) => [
          { command: 'deleteClient', username },
          { command: 'deleteRole', rolename: roleOf(username) },
        ]),
      );
      const problems = failures(responses).filter((problem) => !problem.endsWith('not found'));
      if (problems.length > 0) throw new Error(`The broker refused to remove accounts: ${problems.slice(0, 5).join('; ')}`);
    }
  }

  return {
    sync: (specs, shouldStop = () => false) => serialized(() => sync(specs, shouldStop)),
    remove: (usernames, roleOf) => serialized(() => remove(usernames, roleOf)),
  };
}
