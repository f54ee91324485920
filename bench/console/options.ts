/** `npm run bench:console -- --help`: the flags, their defaults, and the fleet a device count stands for. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SCENARIOS = ['city', 'street', 'panZoom'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const USAGE = `npm run bench:console -- [flags]

The real console (out/renderer, built by electron-vite) in headless Chromium at 1920x1080, fed by a
backend whose state cache receives --rate device messages per second. Per scenario: frame times, long
tasks, JavaScript time per frame, memory; per run: connect-to-fully-drawn. Medians of --runs runs.

  --devices N        fleet size: 15% as many stations, 35% cars, the rest charge points (default 100000)
  --rate N           device messages per second applied to the state cache (default 10000)
  --alarms N         open alarms raised at start, spread over the fleet and the severities, so the
                     map draws their rings (default 1000)
  --seconds S        measured seconds per scenario (default 20)
  --warmup S         seconds before each scenario's measurement (default 3)
  --runs N           runs, each with a fresh browser against the same backend (default 3)
  --scenarios LIST   comma-separated, from ${SCENARIOS.join(', ')} (default all)
  --no-profile       skip the CPU profile of the worst scenario (taken after the runs, apart from them)
  --trace-connect    record a DevTools timeline (with JavaScript samples) of each run's login to fully
                     drawn: console-connect-<run>.trace.json in the results directory
  --build            run electron-vite build first (default: use out/renderer as it is)
  --results DIR      where results and screenshots go (default bench/results)
  --no-pin           do not pin the backend and Chromium to separate cores
  --help

The store is PGlite in a temporary directory, or PostgreSQL (a schema of its own) when DATABASE_URL is set.`;

const optionsSchema = z.object({
  devices: z.coerce.number().int().min(10).max(1_000_000),
  rate: z.coerce.number().min(0),
  alarms: z.coerce.number().int().min(0),
  seconds: z.coerce.number().positive(),
  warmup: z.coerce.number().min(0),
  runs: z.coerce.number().int().positive(),
  scenarios: z.string().transform((text, context) => {
    const names = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const known = new Set<string>(SCENARIOS);
    const unknown = names.filter((name) => !known.has(name));
    if (names.length === 0 || unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `--scenarios: expected some of ${SCENARIOS.join(', ')}, got "${text}"` });
      return z.NEVER;
    }
    return SCENARIOS.filter((name) => names.includes(name));
  }),
  noProfile: z.boolean(),
  traceConnect: z.boolean(),
  build: z.boolean(),
  results: z.string().min(1),
  noPin: z.boolean(),
  help: z.boolean(),
});

export interface Cores {
  readonly backend: number;
  readonly browser: number;
}

export type ConsoleBenchOptions = Omit<z.infer<typeof optionsSchema>, 'noPin' | 'noProfile'> & {
  readonly isProfiled: boolean;
  /** PostgreSQL when DATABASE_URL is set (in a schema of its own), else PGlite. */
  readonly databaseUrl: string | null;
  /** Backend (and this process) on one core, Chromium on another; null when not pinned. */
  readonly cores: Cores | null;
  /** Where the page's frame budget is judged. */
  readonly targets: typeof TARGETS;
};

/** The issue's targets. */
export const TARGETS = { frameP95Ms: 20, framesOver50Ms: 0, fullyDrawnMs: 1000 } as const;

export function parseOptions(argv: readonly string[]): ConsoleBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      devices: { type: 'string', default: '100000' },
      rate: { type: 'string', default: '10000' },
      alarms: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      runs: { type: 'string', default: '3' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      'no-profile': { type: 'boolean', default: false },
      'trace-connect': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      results: { type: 'string', default: 'bench/results' },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const { noPin, noProfile, ...parsed } = optionsSchema.parse({ ...values, noProfile: values['no-profile'], traceConnect: values['trace-connect'], noPin: values['no-pin'] });
  const cores = !noPin && availableParallelism() >= 2 ? { backend: 0, browser: 1 } : null;
  return { ...parsed, isProfiled: !noProfile, databaseUrl: process.env.DATABASE_URL || null, cores, targets: TARGETS };
}

/** The demo network's proportions (Autolib': fewer cars than charge points), scaled to `devices`. */
export function fleetFor(devices: number): { readonly seed: number; readonly stations: number; readonly cars: number; readonly chargePoints: number } {
  const cars = Math.round(devices * 0.35);
  return { seed: 1, stations: Math.max(1, Math.round(devices * 0.15)), cars, chargePoints: devices - cars };
}
