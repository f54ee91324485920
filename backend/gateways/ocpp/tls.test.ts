import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeviceSecret } from '../../../shared/demo-secrets.js';
import { defaultConfig } from '../../config.js';
import { startBackend } from '../../server.js';
import type { RunningBackend } from '../../server.js';
import { createTestSchema, silentLogger, testEngines } from '../../store/testing.js';
import type { TestSchema } from '../../store/testing.js';
import { PILLAR_BOOT, chargePoint } from './test-support.js';

/** A self-signed certificate for 127.0.0.1, made for this test only. */
function selfSignedCertificate(folder: string): { certPath: string; keyPath: string } {
  const certPath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { certPath, keyPath };
}

function httpsStatus(url: string, ca: Buffer): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}

describe.each(testEngines())('OCPP Security Profile 2 (TLS) on $name', (engine) => {
  let folder = '';
  let schema: TestSchema | null = null;
  let backend: RunningBackend;
  let ca: Buffer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cyberponies-tls-'));
    const { certPath, keyPath } = selfSignedCertificate(folder);
    ca = await readFile(certPath);
    schema = engine.databaseUrl ? await createTestSchema(engine.databaseUrl) : null;
    const config = defaultConfig({
      host: '127.0.0.1',
      port: 0,
      mqttPort: 0,
      dataDir: folder,
      databaseUrl: schema?.databaseUrl ?? null,
      consoleDir: join(folder, 'no-console'),
      demoStations: 1,
      demoCars: 0,
      demoChargePoints: 2,
      tlsCert: certPath,
      tlsKey: keyPath,
    });
    backend = await startBackend(config, silentLogger, { announce: () => undefined, environment: {} });
  });

  afterAll(async () => {
    await backend.close();
    await schema?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves HTTPS and OCPP over wss:// with Basic auth, and nothing in clear text', async () => {
    expect(backend.httpUrl).toBe(`https://127.0.0.1:${backend.httpPort}`);
    expect(await httpsStatus(`${backend.httpUrl}/health`, ca)).toBe(200);

    const fleetKey = backend.demoFleet?.fleetKey ?? '';
    const endpoint = `wss://127.0.0.1:${backend.httpPort}/ocpp`;
    const secure = chargePoint(endpoint, 'cp-00001', { password: demoDeviceSecret(fleetKey, 'cp-00001'), wsOpts: { ca } });
    await secure.connect();
    expect(await secure.call('BootNotification', PILLAR_BOOT)).toMatchObject({ status: 'Accepted' });
    await secure.close();

    // Security Profile 2 still checks the password.
    const wrong = chargePoint(endpoint, 'cp-00001', { password: 'not-the-secret', wsOpts: { ca } });
    await expect(wrong.connect()).rejects.toMatchObject({ code: 401 });
    // A certificate the charge point does not trust, and plain ws://, get nowhere.
    await expect(chargePoint(endpoint, 'cp-00002', { password: demoDeviceSecret(fleetKey, 'cp-00002') }).connect()).rejects.toThrow();
    await expect(chargePoint(`ws://127.0.0.1:${backend.httpPort}/ocpp`, 'cp-00002', { password: demoDeviceSecret(fleetKey, 'cp-00002') }).connect()).rejects.toThrow();
  });
});
