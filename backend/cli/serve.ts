/** `cyberponies serve`: the backend in the foreground until SIGINT or SIGTERM, then a clean, flushed stop. */
import { ConfigError, parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startBackend } from '../server.js';
import { CliError, EXIT } from './io.js';
import type { CliIo } from './io.js';

function startFailure(error: unknown): CliError {
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    return new CliError(EXIT.failure, `Cannot listen: ${error.message}. Another backend (or another program) uses that port; choose one with --port / --mqtt-port.`);
  }
  return new CliError(EXIT.failure, `The backend could not start: ${error instanceof Error ? error.message : String(error)}`);
}

export async function serveCommand(values: Readonly<Record<string, unknown>>, io: CliIo): Promise<void> {
  let config;
  try {
    config = parseConfig(values);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  let backend;
  try {
    backend = await startBackend(config, logger, { announce: io.stdout, environment: io.environment });
  } catch (error) {
    logger.error({ err: error }, 'start failed');
    throw startFailure(error);
  }
  // Never print the external broker's URL: it carries its admin password.
  const cars = config.mqttUrl ? `cars via the external broker on port ${backend.mqttPort}` : `MQTT: port ${backend.mqttPort}`;
  io.stdout(`Cyberponies is running. Web console: ${backend.httpUrl}/  ·  OCPP: ${backend.httpUrl.replace(/^http/, 'ws')}/ocpp/{id}  ·  ${cars}`);
  const signal = await io.stopRequested();
  io.stderr(`${signal}: stopping (writing what was received)…`);
  await backend.close();
  logger.flush();
}
