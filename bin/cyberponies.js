#!/usr/bin/env node
// The `cyberponies` command. The project is TypeScript run through tsx, so there is no build step
// between editing the backend and running it.
import { register } from 'tsx/esm/api';

register();

const argv = process.argv.slice(2);
const isSimulate = argv[0] === 'simulate';
const run = isSimulate
  ? (await import('../simulator/cli.ts')).runSimulateCli
  : (await import('../backend/cli/index.ts')).runCli;

try {
  process.exitCode = await run(isSimulate ? argv.slice(1) : argv);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
