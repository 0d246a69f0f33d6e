// Types of bench-folder.js for the TypeScript bench entries (bench-postgres*.ts), so they take its
// helpers instead of copies of them.
import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export function writeJsonFolder(dir: string, data: unknown, sessionsFor?: string[]): Promise<string[]>;
export function addCallRows(dir: string, billingGroupId: string, month: string, rows: unknown[]): Promise<void>;
/** The real server with `--dev --port 0 --data dir` and `extraArgs`; resolves once it listens. */
export function startServer(dir: string, extraArgs?: string[]): Promise<{ child: ChildProcess; url: string; startMs: number }>;
export function stopChild(child: ChildProcess): Promise<void>;
/** The bench account's token through the real login. */
export function signIn(url: string): Promise<string>;
export function procMb(pid: number, field?: 'VmRSS' | 'VmHWM'): number;
/** CPU time (user + system, ms) a process has used so far; NaN once it has ended. */
export function cpuMs(pid: number): number;
export function resetPeak(pid: number): boolean;
export const loadText: () => string;
export const median: (list: number[]) => number;
export const pct: (list: number[], p: number) => number;
export const verdict: (ok: boolean) => string;
export interface WrkFigures {
  requests: number;
  /** the run's length as wrk measured it (requests / rps) */
  seconds: number;
  rps: number;
  /** ms */
  p50: number;
  /** ms */
  p99: number;
  /** non-2xx answers and socket errors */
  failed: number;
}
export function wrkFigures(out: string): WrkFigures;
export interface InTurns {
  rps: number;
  helloRps: number;
  ratio: number;
  rounds: number[];
  cpuRatio: number;
  /** the read's server's CPU ms during hello-world's turns (charged to `cpuRatio`) */
  spillMs: number;
  p50: number;
  p99: number;
  failed: number;
}
export function inTurns(o: { turns: number; perRound: number; hello: () => WrkFigures & { cpuMs: number }; read: () => WrkFigures & { cpuMs: number }; readCpuMs?: () => number }): InTurns;
/** node's arguments for the bare Hono hello-world every bench compares with (prints `READY {"url":…}`). */
export const HELLO_WORLD_ARGS: string[];
export const isMain: (metaUrl: string) => boolean;
export function prepareFolder(scale: string, dir: string): Promise<{ calls: number; customers: number; files: number; genMs: number; writeMs: number; flushMs: number }>;
export function flushToDisk(dir: string): void;
export function prepareFolderApart(scale: string, dir: string): { calls: number; customers: number; files: number; genMs: number; writeMs: number; flushMs: number };
