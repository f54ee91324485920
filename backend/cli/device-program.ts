/** The `device` and `import` commands' arguments and options, and the work each one starts. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { DEVICE_KINDS } from '../../shared/fleet.js';
import type { DeviceKind } from '../../shared/fleet.js';
import { deviceListCommand } from './commands.js';
import type { CommonOptions } from './commands.js';
import { deviceAddCommand, deviceRemoveCommand, deviceRotateSecretCommand, deviceShowCommand, importAutolibCommand } from './device-commands.js';
import { CliError, EXIT } from './io.js';
import type { CliIo } from './io.js';

export interface ProgramParts {
  readonly io: CliIo;
  readonly run: (work: () => Promise<void>) => void;
  readonly common: (command: Command) => CommonOptions;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && values.some((candidate) => candidate === value);
}

function kindOf(value: unknown): DeviceKind {
  if (!isOneOf(DEVICE_KINDS, value)) throw new CliError(EXIT.usage, `--kind must be one of ${DEVICE_KINDS.join(', ')}.`);
  return value;
}

interface AddOptions {
  kind?: string;
  model?: string;
  serial?: string;
  plate?: string;
  station?: string;
  firmware?: string;
  secret?: string;
}

export function registerDeviceCommands(cli: Command, { io, run, common }: ProgramParts): void {
  const device = cli.command('device').description("the inventory's devices (changes: admin only)");
  device
    .command('list')
    .description('list devices')
    .addOption(new Option('--kind <kind>', 'only cars or only charge points').choices(DEVICE_KINDS))
    .action((options: { kind?: string }, command: Command) =>
      run(async () => {
        const kind = options.kind === undefined ? undefined : kindOf(options.kind);
        await deviceListCommand({ ...common(command), kind }, io);
      }),
    );

  device
    .command('show')
    .description('show a device: what the inventory knows and its last-known state')
    .argument('<id>')
    .action((deviceId: string, _options, command: Command) => run(() => deviceShowCommand({ ...common(command), deviceId }, io)));

  device
    .command('add')
    .description('add a device; prints a generated secret once unless --secret is given')
    .argument('<id>', 'the device id: OCPP identity of a charge point, MQTT user name of a car')
    .addOption(new Option('--kind <kind>', 'what the device is').choices(DEVICE_KINDS).makeOptionMandatory())
    .requiredOption('--model <model>', 'its model (bluecar, autolib-pillar, or one already in the inventory)')
    .requiredOption('--serial <serial>', 'its serial number (unique)')
    .option('--plate <plate>', 'number plate (cars only, unique)')
    .option('--station <station>', 'the station it stands at (charge points) or starts from (cars)')
    .option('--firmware <version>', 'firmware version')
    .option('--secret <secret>', 'the secret it proves itself with (at least 16 characters); generated when omitted')
    .action((id: string, options: AddOptions, command: Command) =>
      run(async () => {
        const body = {
          id,
          kind: kindOf(options.kind),
          modelId: options.model ?? '',
          serialNumber: options.serial ?? '',
          plate: options.plate ?? null,
          firmwareVersion: options.firmware ?? null,
          stationId: options.station ?? null,
          ...(options.secret === undefined ? {} : { secret: options.secret }),
        };
        await deviceAddCommand({ ...common(command), device: body }, io);
      }),
    );

  device
    .command('remove')
    .description('remove a device and its last-known state (its history is kept); asks to confirm unless --yes')
    .argument('<id>')
    .option('--yes', 'do not ask for confirmation', false)
    .action((deviceId: string, options: { yes?: boolean }, command: Command) =>
      run(() => deviceRemoveCommand({ ...common(command), deviceId, isConfirmed: options.yes === true }, io)),
    );

  device
    .command('rotate-secret')
    .description('give a device a new secret; the old one is refused at once. Prints a generated secret once unless --secret is given')
    .argument('<id>')
    .option('--secret <secret>', 'the new secret (at least 16 characters); generated when omitted')
    .action((deviceId: string, options: { secret?: string }, command: Command) =>
      run(() => deviceRotateSecretCommand({ ...common(command), deviceId, secret: options.secret }, io)),
    );

  cli
    .command('import')
    .description('provision a network from a station list (admin only)')
    .command('autolib')
    .description(
      "import the Autolib' open-data station export: stations, a charge point per space and a car per parked car. " +
        'New devices get generated secrets, printed once (with --json, as JSON); devices already known keep theirs, so importing again is safe',
    )
    .argument('<file>', 'the ";"-separated CSV export')
    .action((file: string, _options, command: Command) => run(() => importAutolibCommand({ ...common(command), file }, io)));
}
