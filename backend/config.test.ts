import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, configOptions, defaultConfig, parseConfig } from './config.js';

function parse(argv: readonly string[]) {
  const command = new Command('serve').exitOverride();
  for (const option of configOptions()) command.addOption(option);
  command.parse([...argv], { from: 'user' });
  return parseConfig(command.opts());
}

describe('backend settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('has a default for every setting', () => {
    delete process.env.DATABASE_URL;
    expect(parse([])).toEqual(defaultConfig());
    expect(defaultConfig()).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      mqttPort: 1883,
      dataDir: './.data',
      databaseUrl: null,
      demo: true,
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      outlineGeojson: null,
      allowedOrigins: ['app://console'],
      logLevel: 'info',
      mapCenter: [48.8566, 2.3522],
    });
    expect(defaultConfig().consoleDir).toMatch(/out\/renderer$/);
  });

  it('reads environment variables, and flags win over them', () => {
    process.env.CYBERPONIES_PORT = '9000';
    process.env.CYBERPONIES_DEMO = 'off';
    process.env.CYBERPONIES_ALLOWED_ORIGINS = 'app://console, http://localhost:5173';
    process.env.DATABASE_URL = 'postgres://user@db/fleet';
    expect(parse([])).toMatchObject({ port: 9000, demo: false, allowedOrigins: ['app://console', 'http://localhost:5173'], databaseUrl: 'postgres://user@db/fleet' });
    expect(parse(['--port', '9100', '--demo', 'yes'])).toMatchObject({ port: 9100, demo: true });
  });

  it('names the flag and the variable of a bad value', () => {
    expect(() => parse(['--port', '70000'])).toThrow(ConfigError);
    expect(() => parse(['--demo', 'maybe'])).toThrow(/--demo \(CYBERPONIES_DEMO\): expected true or false/);
    expect(() => parse(['--database-url', 'mysql://x'])).toThrow(/--database-url \(DATABASE_URL\)/);
    expect(() => parse(['--map-center', '48.8'])).toThrow(/--map-center/);
    expect(() => parse(['--log-level', 'loud'])).toThrow(/--log-level/);
  });
});
