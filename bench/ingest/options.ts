/** The benchmark's flags: defaults sized to finish in a few minutes on a 2-core machine. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { OCPP_CLIENTS } from './protocol.js';

export const USAGE = `npm run bench:ingest -- [options]

Starts the backend (node bin/cyberponies.js serve) with the demo fleet on a fresh data directory
(PGlite, or PostgreSQL when DATABASE_URL is set), connects every device over MQTT and OCPP, then raises
the load step by step until the backend no longer keeps up.

  --steps LIST          load multipliers, ×1 = one message per device per interval (default 1,2,5,10,20,40)
  --warmup SECONDS      settling time at each step before measuring (default 5)
  --hold SECONDS        measured time at each step (default 20)
  --interval SECONDS    each device's message interval at ×1 (default 5)
  --cars N              cars in the fleet (default 2600)
  --charge-points N     charge points in the fleet (default 4800)
  --stations N          stations in the fleet (default 1100)
  --probes N            devices used as latency probes, half cars, half charge points (default 100)
  --ocpp-client KIND    ws (hand-made frames, default) or ocpp-rpc
  --max-p99-ms MS       device-to-console p99 beyond which a step counts as broken (default 1000)
  --keep-going          run every step, even after one broke
  --no-pin              do not pin the backend and the load to separate cores
  --help`;

const optionsSchema = z.object({
  steps: z.string().transform((text, context) => {
    const steps = text.split(',').map((part) => Number(part.trim()));
    if (steps.length === 0 || steps.some((step) => !Number.isFinite(step) || step <= 0)) {
      context.addIssue({ code: 'custom', message: `--steps: expected positive numbers separated by commas, got "${text}"` });
      return z.NEVER;
    }
    return steps;
  }),
  warmup: z.coerce.number().min(0),
  hold: z.coerce.number().positive(),
  interval: z.coerce.number().positive(),
  cars: z.coerce.number().int().min(0),
  chargePoints: z.coerce.number().int().min(0),
  stations: z.coerce.number().int().positive(),
  probes: z.coerce.number().int().min(0),
  ocppClient: z.enum(OCPP_CLIENTS),
  maxP99Ms: z.coerce.number().positive(),
  keepGoing: z.boolean(),
  noPin: z.boolean(),
  help: z.boolean(),
});
export type BenchOptions = z.infer<typeof optionsSchema> & { readonly cores: { readonly backend: number; readonly load: number } | null };

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      steps: { type: 'string', default: '1,2,5,10,20,40' },
      warmup: { type: 'string', default: '5' },
      hold: { type: 'string', default: '20' },
      interval: { type: 'string', default: '5' },
      cars: { type: 'string', default: '2600' },
      'charge-points': { type: 'string', default: '4800' },
      stations: { type: 'string', default: '1100' },
      probes: { type: 'string', default: '100' },
      'ocpp-client': { type: 'string', default: 'ws' },
      'max-p99-ms': { type: 'string', default: '1000' },
      'keep-going': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const parsed = optionsSchema.parse({
    ...values,
    chargePoints: values['charge-points'],
    ocppClient: values['ocpp-client'],
    maxP99Ms: values['max-p99-ms'],
    keepGoing: values['keep-going'],
    noPin: values['no-pin'],
  });
  // Two cores or more: the backend gets the first, the load generator (and this process) the second.
  const cores = !parsed.noPin && availableParallelism() >= 2 ? { backend: 0, load: 1 } : null;
  return { ...parsed, cores };
}
