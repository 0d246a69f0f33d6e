import { PassThrough } from 'node:stream';
import { http, HttpResponse } from 'msw';
import { errorCatalog, type Bill, type BillList, type ErrorCode } from '@mypage/api';
import type { CredentialStore, StoredCredentials } from './credentials/types.js';
import { main } from './index.js';
import { IOStreams, type Prompter } from './iostreams.js';

/*
 * Test helpers for the CLI's unit tests (not used by the program): fake IO streams, an in-memory
 * credential store (the keychain is an edge, like the network), msw answers shaped like the API.
 */

export const BASE = 'http://mypage.test';
export const TOKEN = 'tok-cli-test-0123456789';

export interface FakeIO {
  io: IOStreams;
  out(): string;
  err(): string;
}

export function fakeIO(opts: { tty?: boolean; prompter?: Prompter; env?: NodeJS.ProcessEnv } = {}): FakeIO {
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
  });
  return { io, out: () => out, err: () => err };
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

export function apiError(code: ErrorCode) {
  const e = errorCatalog[code];
  return HttpResponse.json({ error: { code, message: e.ja, messageEn: e.en, requestId: 'req-1' } }, { status: e.status });
}

const authed = (r: Request) => r.headers.get('authorization') === `Bearer ${TOKEN}`;

export function bill(month: string): Bill {
  return {
    month,
    billingId: `B${month.replace('-', '')}01`,
    customerNumber: '2NCAF0000000001',
    recipientName: '日本　太郎',
    issuedOn: `${month}-09`,
    dueDate: `${month}-27`,
    billingPeriod: { from: `${month}-01`, to: `${month}-28` },
    contracts: [
      {
        contractNumber: 'CAF0000000001',
        serviceName: '[100M] ファミリー',
        items: [{ name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 }],
        taxes: [{ rate: 10, taxableTotal: 3300, tax: 330 }],
        subtotal: 3630,
      },
    ],
    taxes: [{ rate: 10, taxableTotal: 3300, tax: 330 }],
    roundingAdjustment: 0,
    total: 3630,
    callCharges: 0,
    issuer: { name: '日本メディアシステム株式会社', registrationNumber: 'T3120001234567' },
  };
}

export const billList: BillList = {
  years: [2023],
  year: 2023,
  months: [
    { month: '2023-11', total: 3630, issuedOn: '2023-12-09', dueDate: '2023-12-27' },
    { month: '2023-10', total: 3630, issuedOn: '2023-11-09', dueDate: '2023-11-27' },
  ],
};

/** Happy-path answers for the bills routes; tests add failures with `server.use`. */
export const handlers = [
  http.get(`${BASE}/api/v1/bills`, ({ request }) => (authed(request) ? HttpResponse.json(billList) : apiError('AUTH_REQUIRED'))),
  http.get(`${BASE}/api/v1/bills/:month`, ({ request, params }) => {
    if (!authed(request)) return apiError('AUTH_REQUIRED');
    const month = String(params.month);
    return billList.months.some((m) => m.month === month) ? HttpResponse.json(bill(month)) : apiError('BILL_NOT_FOUND');
  }),
];

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
