/**
 * `npm run bench:console`: the Fleet Console's renderer under a 100,000-device fleet changing 10,000
 * times a second. A backend process (pinned with this one to one core) provisions the fleet and applies
 * device messages straight to its state cache; its console hub sends the deltas over socket.io to the
 * built console in headless Chromium (pinned to the other core), logged in through the real
 * login page. Per scenario (city, street, pan and zoom): frame times, long tasks, JavaScript per frame,
 * memory and the update rate the page received; per run, connect-to-fully-drawn; medians of the runs,
 * the targets' verdicts, and a CPU profile of the worst scenario. Prints tables and writes
 * bench/results/console.json, console.md, a screenshot per scenario and the profile. `--help` for flags.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { PROJECT_ROOT } from './ingest/backend-process.js';
import { parseOptions, USAGE } from './console/options.js';
import { markdownReport, terminalReport } from './console/report.js';
import { pinProcess } from './console/pinning.js';
import { runConsoleBench } from './console/run.js';

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

const options = parseOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (options.cores && !pinProcess(process.pid, options.cores.backend)) say('(could not pin the benchmark process; measuring anyway)');
say(`Cores: ${options.cores ? `backend and this process on core ${options.cores.backend}; Chromium on core ${options.cores.browser}` : 'not pinned'}`);

const result = await runConsoleBench(options, say);
const directory = isAbsolute(options.results) ? options.results : join(PROJECT_ROOT, options.results);
await writeFile(join(directory, 'console.json'), `${JSON.stringify(result, null, 2)}\n`);
await writeFile(join(directory, 'console.md'), markdownReport(result));
process.stdout.write(`\n${terminalReport(result)}\n`);
say(`Written to ${join(directory, 'console.json')} and console.md, with screenshots console-<scenario>.png`);
process.exitCode = result.verdicts.every((verdict) => verdict.isMet) ? 0 : 1;
