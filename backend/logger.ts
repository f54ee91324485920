/** Structured logs (pino): JSON for machines, or pretty lines on a terminal when pino-pretty is installed. */
import { createRequire } from 'node:module';
import pino from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

function hasPrettyPrinter(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger({ level, format = 'auto' }: { readonly level: LogLevel; readonly format?: 'auto' | 'json' | 'pretty' }): Logger {
  const isPretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY && hasPrettyPrinter());
  if (!isPretty) return pino({ level, base: { service: 'cyberponies' } });
  return pino({ level, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
}
