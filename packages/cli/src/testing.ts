import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { MyPageClient } from '@mypage/sdk';
import { BASE_URL, portalHandlers, session } from '@mypage/sdk/testing';
import type { ClientFactory, Terminal } from './cmdutil.js';
import type { CredentialStore, StoredCredentials } from './credentials/types.js';
import { exitCodeOf } from './errors.js';
import { Factory } from './factory.js';
import { main } from './index.js';
import { IOStreams, type Prompter } from './iostreams.js';

/*
 * Test helpers for the CLI's unit tests (not used by the program): fake IO streams, an in-memory
 * credential store (the keychain is an edge, like the network). HTTP answers come from the SDK's
 * msw handlers (`@mypage/sdk/testing`), shared by both packages' tests.
 */

export { apiError, bill, billList, portalHandlers as handlers } from '@mypage/sdk/testing';
export const BASE = BASE_URL;
/** The session token the shared handlers accept. */
export const TOKEN = session.token;

export interface FakeIO {
  io: IOStreams;
  out(): string;
  err(): string;
}

export function fakeIO(opts: { tty?: boolean; prompter?: Prompter; env?: NodeJS.ProcessEnv; columns?: number } = {}): FakeIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const tty = opts.tty ?? false;
  const io = new IOStreams({
    stdin: new PassThrough(),
    stdout,
    stderr,
    stdinTTY: tty,
    stdoutTTY: tty,
    // no spinner in unit tests: stderr is never a terminal here
    stderrTTY: false,
    env: opts.env ?? {},
    ...(opts.prompter ? { prompter: opts.prompter } : {}),
    // a terminal's width (the table printer fits it); none given: the stream reports none
    ...(opts.columns !== undefined ? { columns: opts.columns } : {}),
  });
  return { io, out: () => out, err: () => err };
}

/** What a verb's run function gets for IO and language (English unless `lang` says otherwise). */
export function fakeTerminal(opts: { tty?: boolean; prompter?: Prompter; env?: NodeJS.ProcessEnv; lang?: 'ja' | 'en'; columns?: number } = {}): FakeIO & Terminal {
  const fio = fakeIO(opts);
  const lang = opts.lang ?? 'en';
  return { ...fio, t: (ja, en) => (lang === 'ja' ? ja : en), lang };
}

/** Clients made for a run test (closed by `closeClients`, so no keep-alive socket outlives it). */
const made: MyPageClient[] = [];

/** A client factory holding the session the shared handlers accept (`withSession: false`: none). */
export function testClient(opts: { withSession?: boolean } = {}): ClientFactory {
  return async () => {
    const c = new MyPageClient({
      baseUrl: BASE_URL,
      userAgent: 'mypage-cli-test',
      fetch: (input, init) => globalThis.fetch(input, init),
      ...(opts.withSession === false ? {} : { session: { token: session.token, expiresAt: session.expiresAt } }),
    });
    made.push(c);
    return c;
  };
}

export async function closeClients(): Promise<void> {
  for (const c of made.splice(0)) await c.close();
}

/**
 * msw for one test file: the shared happy-path handlers, unhandled requests fail the test, failures
 * added per test with `server.use(...)` are reset after it; the clients of `testClient` are closed.
 */
export function useMsw(): ReturnType<typeof setupServer> {
  const server = setupServer(...portalHandlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    server.resetHandlers();
    await closeClients();
  });
  afterAll(() => server.close());
  return server;
}

/** How a run function failed: the error's code and the exit code `main` would answer for it. */
export async function failure(run: Promise<unknown>): Promise<{ code: string | undefined; exitCode: number; error: Error }> {
  try {
    await run;
  } catch (error) {
    return { code: (error as { code?: string }).code, exitCode: exitCodeOf(error), error: error as Error };
  }
  throw new Error('expected the run to fail');
}

/** A fresh temporary folder per test (removed after it); call at the top of a test file. */
export function useTempDir(prefix = 'mypage-cli-unit-'): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/**
 * A verb's parse test: parses `args` as commander would and answers the Options the verb's run
 * function would have got (the run function itself is not called). Usage errors throw.
 */
export async function parseVerb<O>(
  make: (f: Factory, run: (o: O) => Promise<void>) => Command,
  args: string[],
  init: { env?: NodeJS.ProcessEnv } = {},
): Promise<O> {
  const f = new Factory({ io: fakeIO().io, env: init.env ?? {} });
  let got: O | undefined;
  const cmd = make(f, async (o) => {
    got = o;
  });
  cmd.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  await cmd.parseAsync(args, { from: 'user' });
  if (got === undefined) throw new Error('the run function was not called');
  return got;
}

export class MemoryStore implements CredentialStore {
  readonly kind = 'keychain' as const;
  readonly items = new Map<string, StoredCredentials>();
  /** replace to simulate a machine without a keychain */
  probe?: () => Promise<void>;
  describe(): string {
    return 'memory keychain';
  }
  async get(profile: string) {
    return this.items.get(profile) ?? null;
  }
  async set(profile: string, creds: StoredCredentials) {
    this.items.set(profile, structuredClone(creds));
  }
  async delete(profile: string) {
    return this.items.delete(profile);
  }
}

/** Runs the CLI in-process with fake IO, a memory keychain holding a session, and msw for HTTP. */
export async function runInProcess(
  args: string[],
  opts: { tty?: boolean; store?: MemoryStore; env?: NodeJS.ProcessEnv; configDir: string; prompter?: Prompter },
): Promise<{ code: number; out: string; err: string }> {
  const env = { MYPAGE_CONFIG_DIR: opts.configDir, MYPAGE_SERVER: BASE, LANG: 'en_US.UTF-8', ...opts.env };
  const fio = fakeIO({ tty: opts.tty ?? false, env, ...(opts.prompter ? { prompter: opts.prompter } : {}) });
  const code = await main(['node', 'mypage', ...args], {
    io: fio.io,
    env,
    ...(opts.store ? { keychain: opts.store } : {}),
    fetch: (input, init) => globalThis.fetch(input, init),
  });
  return { code, out: fio.out(), err: fio.err() };
}

/**
 * Answers prompts from a script, recording the questions. An answer may be a list: each is typed
 * in turn and checked by the prompt's `validate`, as a terminal prompt does; a refused one is kept
 * in `refused` (with the prompt's message) and the next is typed. A refused last answer fails the test.
 */
export function scripted(answers: Record<string, string | boolean | (string | boolean)[]>): Prompter & { asked: string[]; refused: string[] } {
  const asked: string[] = [];
  const refused: string[] = [];
  const answer = (message: string, validate?: (v: string) => true | string, fallback?: string) => {
    asked.push(message);
    // the longest key that starts the message: `New password (again)` before `New password`
    const key = Object.keys(answers)
      .filter((k) => message.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) throw new Error(`unexpected prompt: ${message}`);
    const given = answers[key]!;
    const typed = Array.isArray(given) ? given : [given];
    for (const t of typed) {
      // Enter on an empty line takes the prompt's default, as @inquirer/input does
      const v = t === '' && fallback !== undefined ? fallback : t;
      const ok = validate ? validate(String(v)) : true;
      if (ok === true) return v;
      refused.push(`${message}=${String(v)}: ${ok}`);
    }
    throw new Error(`no acceptable answer for ${message}: ${refused.at(-1)}`);
  };
  return {
    asked,
    refused,
    input: async (o) => String(answer(o.message, o.validate, o.default)),
    password: async (o) => String(answer(o.message, o.validate)),
    confirm: async (o) => Boolean(answer(o.message)),
    select: async (o) => String(answer(o.message)) as never,
  };
}
