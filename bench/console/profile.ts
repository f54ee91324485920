/**
 * Where the page's main thread spent its time, from a DevTools CPU profile: the functions with the most
 * self time, and the most inclusive time (each function counted once per sample, however deep it
 * recurses). The console's bundle is minified, so each entry also quotes the bundle where the function
 * starts; method names survive minification and usually say enough.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof profileSchema>;

export interface ProfileEntry {
  readonly function: string;
  /** file:line:column (1-based), or the kind of work ("(garbage collector)", "(program)"). */
  readonly where: string;
  readonly selfMs: number;
  readonly selfPercent: number;
  readonly totalMs: number;
  readonly totalPercent: number;
  /** The first characters of the function in the bundle, when the bundle is at hand. */
  readonly source: string | null;
}

export interface ProfileSummary {
  readonly seconds: number;
  /** Share of the profile the main thread was busy (not idle). */
  readonly busyPercent: number;
  readonly bySelf: readonly ProfileEntry[];
  readonly byTotal: readonly ProfileEntry[];
}

const round = (value: number) => Math.round(value * 10) / 10;

function sourceAt(bundleDir: string, url: string, line: number, column: number): string | null {
  const file = join(bundleDir, basename(new URL(url, 'http://localhost/').pathname));
  if (!url || !existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').split('\n')[line];
  return text === undefined ? null : text.slice(column, column + 90);
}

export function summariseProfile(raw: unknown, bundleDir: string, top = 15): ProfileSummary {
  const profile = profileSchema.parse(raw);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    return frame ? `${frame.functionName || '(anonymous)'}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}` : '';
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let idleMs = 0;
  let allMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    allMs += ms;
    const key = keyOf(id);
    if (key.startsWith('(idle)')) {
      idleMs += ms;
      return;
    }
    self.set(key, (self.get(key) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const stackKey = keyOf(at);
      if (seen.has(stackKey) || stackKey.startsWith('(root)')) continue;
      seen.add(stackKey);
      total.set(stackKey, (total.get(stackKey) ?? 0) + ms);
    }
  });
  const entry = (key: string): ProfileEntry => {
    const [name = '', url = '', line = '0', column = '0'] = key.split('\u0000');
    const selfMs = self.get(key) ?? 0;
    const totalMs = total.get(key) ?? 0;
    const lineNumber = Number(line);
    const columnNumber = Number(column);
    return {
      function: name,
      where: url ? `${basename(new URL(url, 'http://localhost/').pathname)}:${lineNumber + 1}:${columnNumber + 1}` : '',
      selfMs: round(selfMs),
      selfPercent: round((selfMs / allMs) * 100),
      totalMs: round(totalMs),
      totalPercent: round((totalMs / allMs) * 100),
      source: url ? sourceAt(bundleDir, url, lineNumber, columnNumber) : null,
    };
  };
  const ranked = (times: Map<string, number>) => [...times.entries()].sort((left, right) => right[1] - left[1]).slice(0, top).map(([key]) => entry(key));
  return {
    seconds: round(allMs / 1000),
    busyPercent: round(((allMs - idleMs) / Math.max(1, allMs)) * 100),
    bySelf: ranked(self),
    byTotal: ranked(total),
  };
}
