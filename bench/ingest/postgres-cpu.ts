/**
 * On PostgreSQL, history and state are written by server processes, not by the backend: their CPU is part
 * of the backend's cost. The backend's own connections are found through its sockets (their local ports
 * in /proc), then matched to server processes in pg_stat_activity, whose CPU /proc gives.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Database } from '../../backend/store/index.js';
import { cpuSeconds } from './stats.js';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return inodes;
}

/** Local ports of the process's TCP connections to `serverPort`. */
function clientPorts(pid: number, serverPort: number): Set<number> {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1]?.split(':')[1];
      const remote = fields[2]?.split(':')[1];
      const inode = fields[9];
      if (local && remote && inode && inodes.has(inode) && Number.parseInt(remote, 16) === serverPort) ports.add(Number.parseInt(local, 16));
    }
  }
  return ports;
}

/** The server processes that serve the backend's connections now. */
export async function postgresServerPids(database: Database, backendPid: number, serverPort: number): Promise<number[]> {
  const ports = clientPorts(backendPid, serverPort);
  if (ports.size === 0) return [];
  const result = await database.query<{ pid: number; client_port: number | null }>('select pid, client_port from pg_stat_activity where client_port is not null');
  return result.rows.filter((row) => row.client_port !== null && ports.has(row.client_port)).map((row) => row.pid);
}

/** CPU seconds per server process, to be compared between two readings (connections come and go). */
export function serverCpu(pids: readonly number[]): ReadonlyMap<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    const used = cpuSeconds(pid);
    if (used !== null) seconds.set(pid, used);
  }
  return seconds;
}

/** CPU the server processes used between two readings, counting those present in both. */
export function serverCpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, used] of after) {
    const earlier = before.get(pid);
    if (earlier !== undefined) total += used - earlier;
  }
  return total;
}
