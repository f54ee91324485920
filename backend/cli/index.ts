/**
 * `cyberponies`: serve the backend, and talk to a running one through its API (so it works while PGlite
 * holds the data directory). Exit codes: 0 ok, 1 failure, 2 usage, 3 authentication, 4 backend unreachable.
 */
import { Command, CommanderError, Option } from 'commander';
import { OPERATOR_ROLES } from '../../shared/fleet.js';
import type { OperatorRole } from '../../shared/fleet.js';
import { configOptions } from '../config.js';
import { normaliseUrl } from './client.js';
import { loginCommand, logoutCommand, operatorAddCommand, operatorListCommand } from './commands.js';
import type { CommonOptions } from './commands.js';
import { isOneOf, registerDeviceCommands } from './device-program.js';
import { CliError, EXIT } from './io.js';
import type { CliIo } from './io.js';
import { promptLine } from './prompt.js';
import { serveCommand } from './serve.js';

export { EXIT } from './io.js';
export type { CliIo } from './io.js';

const DEFAULT_URL = 'http://127.0.0.1:8080';

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      // A second signal while stopping means "now".
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  environment: process.env,
  prompt: promptLine,
  stopRequested: untilSignal,
};

function program(io: CliIo, run: (work: () => Promise<void>) => void): Command {
  const cli = new Command('cyberponies')
    .description('Fleet backend for shared electric cars and charge points, and the tools to run it.')
    .addOption(new Option('--url <url>', 'the backend to talk to').env('CYBERPONIES_URL').default(DEFAULT_URL))
    .option('--json', 'machine-readable output', false)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout(text.trimEnd()), writeErr: (text) => io.stderr(text.trimEnd()) })
    .exitOverride();

  const common = (command: Command): CommonOptions => {
    const values = command.optsWithGlobals();
    // Commander reads process.env; the CLI's own environment wins unless --url was given.
    const isFlag = command.getOptionValueSourceWithGlobals('url') === 'cli';
    const url = isFlag ? String(values.url) : (io.environment.CYBERPONIES_URL || DEFAULT_URL);
    return { url: normaliseUrl(url), json: values.json === true };
  };

  const serve = cli.command('serve').description('run the backend: API, web console, OCPP and MQTT gateways, console hub');
  for (const option of configOptions()) serve.addOption(option);
  serve.action((_options, command: Command) => run(() => serveCommand(command.opts(), io)));

  cli
    .command('simulate')
    .description('run the simulated fleet against a backend (cyberponies simulate --help)')
    .allowUnknownOption()
    .action(() => run(async () => {
      throw new CliError(EXIT.usage, 'Run `simulate` through the cyberponies command (bin/cyberponies.js).');
    }));

  cli
    .command('login')
    .description('log in and store the session token (password from CYBERPONIES_PASSWORD or a prompt)')
    .addOption(new Option('--user <username>', 'operator to log in as').env('CYBERPONIES_USER'))
    .action((options: { user?: string }, command: Command) => run(() => loginCommand({ ...common(command), user: options.user }, io)));

  cli
    .command('logout')
    .description('end the stored session and forget its token')
    .action((_options, command: Command) => run(() => logoutCommand(common(command), io)));

  const operator = cli.command('operator').description('manage operators (admin only)');
  operator
    .command('add')
    .description('add an operator; prints a generated password once unless --password is given')
    .argument('<username>')
    .addOption(new Option('--role <role>', 'what the operator may do').choices(OPERATOR_ROLES).makeOptionMandatory())
    .option('--password <password>', 'the password (at least 8 characters); generated when omitted')
    .action((username: string, options: { role?: string; password?: string }, command: Command) =>
      run(async () => {
        const role: OperatorRole | undefined = isOneOf(OPERATOR_ROLES, options.role) ? options.role : undefined;
        if (!role) throw new CliError(EXIT.usage, `--role must be one of ${OPERATOR_ROLES.join(', ')}.`);
        await operatorAddCommand({ ...common(command), username, role, password: options.password }, io);
      }),
    );
  operator
    .command('list')
    .description('list operators')
    .action((_options, command: Command) => run(() => operatorListCommand(common(command), io)));

  registerDeviceCommands(cli, { io, run, common });
  return cli;
}

/** Runs one command line (without `node` and the script) and returns the process's exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let work: (() => Promise<void>) | undefined;
  const cli = program(io, (action) => {
    work = action;
  });
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    if (!work) {
      cli.outputHelp();
      return EXIT.usage;
    }
    await work();
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`cyberponies: ${error.message}`);
      return error.exitCode;
    }
    io.stderr(`cyberponies: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failure;
  }
}
