// What the two PostgreSQL bench entries (bench-postgres.ts, bench-postgres-reads.ts) share beyond
// bench-folder.js (login, wrk's figures, CPU from /proc, the server process): the hello-world
// yardstick, wrk run in the background, and the throw-away cluster's processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { HELLO_WORLD_ARGS, ROOT, wrkFigures, type WrkFigures } from './bench-folder.js';

/** A bare Hono hello-world on a free port (what every read is compared with; HELLO_WORLD_ARGS). */
export function startHello(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, HELLO_WORLD_ARGS, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`hello-world exited (${code})`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^READY (.*)$/m.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ child, url: (JSON.parse(m[1]!) as { url: string }).url });
      }
    });
  });
}

export function wrkArgs(connections: number, seconds: number, headers: Record<string, string> = {}): string[] {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  return args;
}

/** wrk in the background (so two can run at once). */
export function wrkAsync(url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<WrkFigures> {
  return new Promise((resolve, reject) => {
    const w = spawn('wrk', [...wrkArgs(connections, seconds, headers), url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    w.stdout.on('data', (c) => (out += c));
    w.once('error', reject);
    w.once('exit', () => resolve(wrkFigures(out)));
  });
}

/** The cluster's processes: the postmaster listening on `port` and its children (backends). */
export function postgresPids(port: number): number[] {
  const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const master = all.find((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('postgres') && cmd.includes(`port=${port}`);
    } catch {
      return false;
    }
  });
  if (master === undefined) return [];
  return [master, ...all.filter((pid) => { try { return Number(stat(pid)[1]) === master; } catch { return false; } })];
}
