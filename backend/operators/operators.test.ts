import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { bootstrapOperators } from './bootstrap.js';
import { createOperators } from './operators.js';
import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with scrypt, a fresh salt each time, and verifies', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsE', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'not a hash')).toBe(false);
  });
});

describe.each(testEngines())('operators on $name', (engine) => {
  let test: TestDatabase;
  let now = Date.parse('2030-01-01T08:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
  });
  afterAll(() => test.cleanup());

  it('adds operators, generating a password when none is given', async () => {
    const operators = createOperators(test.db, clock);
    const given = await operators.add('Alice', 'dispatcher', 'a long password');
    expect(given).toMatchObject({ ok: true, value: { operator: { username: 'alice', role: 'dispatcher' }, generatedPassword: null } });
    const generated = await operators.add('bob', 'support');
    expect(generated.ok && generated.value.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await operators.add('alice', 'admin', 'another password')).ok).toBe(false);
    expect(await operators.add('alice', 'admin', 'another password')).toMatchObject({ error: { code: 'conflict' } });
    expect(await operators.add('no spaces', 'admin')).toMatchObject({ error: { code: 'invalid' } });
    expect(await operators.add('carol', 'admin', 'short')).toMatchObject({ error: { code: 'invalid' } });
    expect((await operators.list()).map((operator) => operator.username)).toEqual(['alice', 'bob']);
    const { rows } = await test.db.query<{ password_hash: string }>('SELECT password_hash FROM operators');
    expect(rows.every((row) => row.password_hash.startsWith('scrypt$'))).toBe(true);
  });

  it('logs in with the right password only, and the token then identifies the operator', async () => {
    const operators = createOperators(test.db, clock);
    const answer = await operators.login('ALICE', 'a long password');
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.operator).toMatchObject({ username: 'alice', role: 'dispatcher' });
    expect(Date.parse(answer.value.expiresAt) - now).toBe(12 * 3600_000);
    expect(await operators.verifyToken(answer.value.token)).toEqual(answer.value.operator);
    expect(await createOperators(test.db, clock).verifyToken(answer.value.token)).toEqual(answer.value.operator);
    expect(await operators.verifyToken(`${answer.value.token}x`)).toBeUndefined();
    expect(await operators.login('alice', 'a wrong password')).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Wrong username or password.' } });
    expect(await operators.login('nobody', 'a long password')).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Wrong username or password.' } });
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const operators = createOperators(test.db, clock);
    await operators.login('nobody', 'warm up the dummy hash');
    const time = async (username: string) => {
      const started = performance.now();
      await operators.login(username, 'a wrong password');
      return performance.now() - started;
    };
    const known = await time('alice');
    const unknown = await time('nobody');
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it('stores tokens only hashed, and forgets them on logout and at expiry', async () => {
    const operators = createOperators(test.db, clock);
    const first = await operators.login('alice', 'a long password');
    const second = await operators.login('alice', 'a long password');
    if (!first.ok || !second.ok) throw new Error('login failed');
    const { rows } = await test.db.query<{ token_hash: Uint8Array }>('SELECT token_hash FROM operator_sessions');
    expect(rows.every((row) => row.token_hash.length === 32)).toBe(true);
    await operators.logout(first.value.token);
    expect(await operators.verifyToken(first.value.token)).toBeUndefined();
    expect(await operators.verifyToken(second.value.token)).toBeDefined();
    now += 13 * 3600_000;
    expect(await operators.verifyToken(second.value.token)).toBeUndefined();
  });

  it('notices a session deleted elsewhere once its cache entry is old', async () => {
    const operators = createOperators(test.db, clock);
    await operators.add('dave', 'supervisor', 'dave password');
    const answer = await operators.login('dave', 'dave password');
    if (!answer.ok) throw new Error('login failed');
    expect(await operators.verifyToken(answer.value.token)).toBeDefined();
    await test.db.query('DELETE FROM operator_sessions');
    expect(await operators.verifyToken(answer.value.token)).toBeDefined();
    now += 31_000;
    expect(await operators.verifyToken(answer.value.token)).toBeUndefined();
  });

  it('knows a token it just issued without asking the database again', async () => {
    const operators = createOperators(test.db, clock);
    await operators.add('erin', 'dispatcher', 'erin password');
    const answer = await operators.login('erin', 'erin password');
    if (!answer.ok) throw new Error('login failed');
    await test.db.query('DELETE FROM operator_sessions');
    expect(await operators.verifyToken(answer.value.token)).toEqual(answer.value.operator);
    now += 31_000;
    expect(await operators.verifyToken(answer.value.token)).toBeUndefined();
  });

  it('bootstraps admin and the demo operators once, from the environment or generated', async () => {
    const fresh = await openTestDatabase(engine);
    const operators = createOperators(fresh.db);
    const environment = { CYBERPONIES_ADMIN_PASSWORD: 'admin from env', CYBERPONIES_SUPPORT_PASSWORD: '' };
    const created = await bootstrapOperators({ operators, withDemoOperators: true, environment });
    expect(created.map((operator) => [operator.username, operator.role])).toEqual([
      ['admin', 'admin'],
      ['dispatcher', 'dispatcher'],
      ['support', 'support'],
      ['supervisor', 'supervisor'],
    ]);
    expect(created[0]?.generatedPassword).toBeNull();
    expect((await operators.login('admin', 'admin from env')).ok).toBe(true);
    const dispatcherPassword = created[1]?.generatedPassword ?? '';
    expect(dispatcherPassword).not.toBe('');
    expect((await operators.login('dispatcher', dispatcherPassword)).ok).toBe(true);
    expect(created[2]?.generatedPassword).not.toBeNull();
    expect(await bootstrapOperators({ operators, withDemoOperators: true, environment })).toEqual([]);
    await fresh.cleanup();
  });
});
