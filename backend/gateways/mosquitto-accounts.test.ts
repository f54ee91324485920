import { describe, expect, it } from 'vitest';
import { backendAccount, carAccount, planAccount, secretTag } from './mosquitto-accounts.js';

describe("Mosquitto accounts' plan", () => {
  const spec = carAccount({ carId: 'car-7', secret: 'secret-7' });

  it('gives a car a role of its own: its own channels to publish, its own subtree to subscribe', () => {
    expect(spec).toMatchObject({ username: 'car-7', clientId: 'car-7', role: { rolename: 'cyberponies-car:car-7' } });
    expect(spec.role.acls.map((acl) => `${acl.acltype} ${acl.topic}`)).toEqual([
      'publishClientSend fleet/cars/car-7/state',
      'publishClientSend fleet/cars/car-7/events',
      'publishClientSend fleet/cars/car-7/history',
      'publishClientSend fleet/cars/car-7/presence',
      'publishClientSend fleet/cars/car-7/cmd/ack',
      'subscribePattern fleet/cars/car-7/#',
    ]);
    expect(backendAccount('service').role.acls.map((acl) => `${acl.acltype} ${acl.topic}`)).toEqual([
      'subscribePattern fleet/cars/+/#',
      'subscribePattern $share/+/fleet/cars/+/#',
      'publishClientSend fleet/cars/+/cmd',
    ]);
  });

  it('creates what is missing', () => {
    const plan = planAccount(spec, {});
    expect(plan.outcome).toBe('created');
    expect(plan.commands).toEqual([
      { command: 'createRole', rolename: 'cyberponies-car:car-7', acls: spec.role.acls },
      { command: 'createClient', username: 'car-7', password: 'secret-7', clientid: 'car-7', textdescription: secretTag('secret-7'), roles: [{ rolename: 'cyberponies-car:car-7' }] },
    ]);
  });

  it('leaves a right account alone, so that its car stays connected', () => {
    const client = { username: 'car-7', clientid: 'car-7', textdescription: secretTag('secret-7'), roles: [{ rolename: 'cyberponies-car:car-7' }] };
    expect(planAccount(spec, { client, role: spec.role })).toEqual({ commands: [], outcome: 'unchanged' });
  });

  it('sets the password only when the secret changed, and mends roles, client id and ACLs', () => {
    const role = { rolename: spec.role.rolename, acls: [...spec.role.acls.slice(1), { acltype: 'subscribePattern', topic: '#', allow: true }] };
    const client = { username: 'car-7', textdescription: secretTag('old secret'), roles: [{ rolename: 'someone-else' }] };
    const plan = planAccount(spec, { client, role });
    expect(plan.outcome).toBe('updated');
    expect(plan.commands).toEqual([
      { command: 'removeRoleACL', rolename: 'cyberponies-car:car-7', acltype: 'subscribePattern', topic: '#' },
      { command: 'addRoleACL', rolename: 'cyberponies-car:car-7', acltype: 'publishClientSend', topic: 'fleet/cars/car-7/state', allow: true },
      { command: 'modifyClient', username: 'car-7', roles: [{ rolename: 'cyberponies-car:car-7' }], clientid: 'car-7', password: 'secret-7', textdescription: secretTag('secret-7') },
    ]);
    const samePassword = planAccount(spec, { client: { ...client, textdescription: secretTag('secret-7') }, role: spec.role });
    expect(samePassword.commands).toEqual([{ command: 'modifyClient', username: 'car-7', roles: [{ rolename: 'cyberponies-car:car-7' }], clientid: 'car-7' }]);
  });

  it('tags a secret without revealing it', () => {
    expect(secretTag('secret-7')).toBe(secretTag('secret-7'));
    expect(secretTag('secret-7')).not.toBe(secretTag('secret-8'));
    expect(secretTag('secret-7')).not.toContain('secret-7');
  });
});
