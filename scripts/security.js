#!/usr/bin/env node
// The attack figures of docs/security.md, rerun against the built reference server
// (`bin/mypage-server.js`) as a real process on loopback. Run by `npm run security` after the
// build; not part of `npm test` (it takes a minute or two and measures, it does not assert).
// Every loop is bounded. Each figure starts its own server on a fresh data folder.
//   node scripts/security.js [--only NAME[,NAME…]] [--kills N] [--flood-seconds S]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { only: { type: 'string' }, kills: { type: 'string', default: '10' }, 'flood-seconds': { type: 'string', default: '5' } },
});
const only = values.only ? new Set(values.only.split(',')) : null;

const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };
const GROUP_A_CUSTOMER = '2NCAF0000000001';
const folders = [];
const children = new Set();

// --- a server process -------------------------------------------------------------------------
async function startServer({ dir = tmpDir(), args = [], dev = true } = {}) {
  const flags = ['--port', '0', '--data', dir, ...(dev ? ['--dev', '--demo'] : ['--demo', '--captcha', 'test', '--captcha-token', 'robot-ok', '--operator-token', 'op-secret']), ...args];
  const child = spawn(process.execPath, [path.join(root, 'bin', 'mypage-server.js'), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${err}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited (${code}): ${err.trim().split('\n').at(-1)}`), { exitCode: code }));
    });
  });
  const stop = (signal = 'SIGTERM') =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { url, dir, stop, stderr: () => err };
}

function tmpDir() {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-security-'));
  folders.push(d);
  return d;
}

async function api(base, method, p, body, token) {
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${base}${p}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, code: json?.error?.code, body: json, retryAfter: res.headers.get('retry-after') };
}

const login = (s, accessId, password) => api(s.url, 'POST', '/api/v1/auth/login', { accessId, password });
async function mailbox(s, to) {
  return (await api(s.url, 'GET', `/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`)).body.items;
}
async function latestOtp(s) {
  const mails = await mailbox(s, ADMIN.email);
  return /ワンタイムパスワード\s*[:：]\s*([0-9]{6})/.exec(mails.at(-1).text)[1];
}
async function signIn(s) {
  const c = await login(s, ADMIN.accessId, ADMIN.password);
  const session = await api(s.url, 'POST', '/api/v1/auth/otp', { challengeId: c.body.challengeId, otp: await latestOtp(s), captchaToken: 'x' });
  return session.body.token;
}
const wrongOtp = (right) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n) => `${Math.round(n)} ms`;

/** The flood: 100 clients sending wrong logins (unknown access IDs) as fast as answered, for S seconds. */
const FLOOD = `
const [base, seconds] = process.argv.slice(1);
const until = Date.now() + Number(seconds) * 1000;
const out = { checked: 0, busy: 0, other: 0 };
await Promise.all(Array.from({ length: 100 }, async (_, n) => {
  for (let i = 0; Date.now() < until; i++) {
    const accessId = 'f' + String(n).padStart(2, '0') + String(i % 1000).padStart(3, '0');
    try {
      const res = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId, password: 'nope1234' }) });
      await res.arrayBuffer();
      if (res.status === 401) out.checked++; else if (res.status === 503) out.busy++; else out.other++;
    } catch { out.other++; }
  }
}));
process.stdout.write(JSON.stringify(out));
`;

// --- the figures ------------------------------------------------------------------------------
const figures = [];
function report(name, value, detail = '') {
  figures.push({ name, value: String(value), detail });
  process.stdout.write(`${name.padEnd(44)} ${String(value).padEnd(12)} ${detail}\n`);
}

const checks = {
  async 'sequential-guesses'() {
    const s = await startServer();
    let guesses = 0;
    let last;
    for (let i = 0; i < 50; i++) {
      last = await login(s, ADMIN.accessId, `wrong${i}pass`);
      if (last.status === 429) break;
      guesses++;
    }
    report('password guesses before lock (sequential)', guesses, `then ${last.code}, Retry-After ${last.retryAfter} s`);
    await s.stop();
  },

  async 'parallel-guesses'() {
    const s = await startServer();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(s, ADMIN.accessId, `wrong${i}pass`)));
    const checked = answers.filter((a) => a.status === 401).length;
    const others = answers.filter((a) => a.status !== 401).map((a) => `${a.status} ${a.code}`);
    const tally = Object.entries(others.reduce((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {})).map(([k, n]) => `${n} × ${k}`).join(', ');
    report('password guesses before lock (30 parallel)', checked, tally || 'every one checked');
    await s.stop();
  },

  async 'otp-across-challenges'() {
    // The per-client login limit is off here, so the figure is the access ID's own lock.
    const s = await startServer({ args: ['--rate-limit', 'login-per-client=off'] });
    let guesses = 0;
    let stop = 'bound of 60 logins reached';
    rounds: for (let round = 0; round < 60; round++) {
      const c = await login(s, ADMIN.accessId, ADMIN.password);
      if (c.status !== 200) {
        stop = `login answered ${c.status} ${c.code}`;
        break;
      }
      const right = await latestOtp(s);
      for (let i = 0; i < 4; i++) {
        const a = await api(s.url, 'POST', '/api/v1/auth/otp', { challengeId: c.body.challengeId, otp: wrongOtp(right), captchaToken: 'x' });
        if (a.code === 'OTP_EXPIRED') continue rounds; // voided by wrong tries: log in again
        if (a.status !== 401) {
          stop = `OTP answered ${a.status} ${a.code}`;
          break rounds;
        }
        guesses++;
      }
    }
    report('wrong OTPs before lock (4 per challenge)', guesses, stop);
    await s.stop();
  },

  async 'login-per-client'() {
    const s = await startServer();
    let n = 0;
    let last;
    for (let i = 0; i < 150; i++) {
      last = await login(s, `x${String(i).padStart(5, '0')}`.slice(0, 6), 'nope1234');
      if (last.status === 429) break;
      n++;
    }
    report('login requests per client before 429', n, `${last.code}, Retry-After ${last.retryAfter} s (15 min window)`);
    await s.stop();
  },

  async 'mails-per-address'() {
    const s = await startServer();
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await api(s.url, 'POST', '/api/v1/recovery/access-id', { email: ADMIN.email }));
    await new Promise((r) => setTimeout(r, 300)); // recovery mails leave in the background
    const mails = (await mailbox(s, ADMIN.email)).length;
    report('mails to one address from 50 requests (1 h)', mails, `${answers.filter((a) => a.status === 429).length} × 429 ${answers.find((a) => a.status === 429)?.code ?? ''}`);
    await s.stop();
  },

  async 'postal-code-guesses'() {
    const s = await startServer();
    let tries = 0;
    let last;
    for (let i = 0; i < 50; i++) {
      last = await api(s.url, 'POST', '/api/v1/recovery/email', { contractNumber: GROUP_A_CUSTOMER, postalCode: String(5340000 + i).padStart(7, '0'), customerName: '日本 太郎' });
      if (last.status === 429) break;
      tries++;
    }
    report('postal-code guesses per contract (1 h)', tries, `then ${last.code}`);
    await s.stop();
  },

  async 'restarts-after-kills'() {
    const kills = Number(values.kills);
    const dir = tmpDir();
    let started = 0;
    let failure = '';
    for (let k = 0; k <= kills; k++) {
      let s;
      try {
        s = await startServer({ dir, args: ['--rate-limit', 'login-per-client=off'] });
        started++;
      } catch (error) {
        failure = error.message;
        break;
      }
      if (k === kills) {
        await s.stop();
        break;
      }
      // a burst of logins (each writes the store and an outbox mail), killed in the middle
      const burst = Array.from({ length: 20 }, () => login(s, ADMIN.accessId, ADMIN.password).catch(() => null));
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 250)));
      await s.stop('SIGKILL');
      await Promise.all(burst);
      if (k === 0) writeFileSync(path.join(dir, 'outbox', 'mail-999990.json'), ''); // what a full disk leaves
    }
    const damaged = readdirSync(path.join(dir, 'outbox')).filter((n) => n.endsWith('.damaged')).length;
    report(`starts after ${kills} SIGKILLs (+1 empty mail file)`, `${started}/${kills + 1}`, failure || `${damaged} damaged mail file(s) set aside`);
  },

  async 'secrets-at-rest'() {
    const s = await startServer({ dev: false });
    await login(s, ADMIN.accessId, ADMIN.password);
    await api(s.url, 'POST', '/api/v1/recovery/password', { accessId: ADMIN.accessId, email: ADMIN.email });
    await api(s.url, 'POST', '/api/v1/registrations', { email: 'sample@example.jp', contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル', agreeToTerms: true });
    await new Promise((r) => setTimeout(r, 300));
    await s.stop();
    const outbox = path.join(s.dir, 'outbox');
    const text = readdirSync(outbox).map((n) => readFileSync(path.join(outbox, n), 'utf8')).join('\n');
    const found = [/ワンタイムパスワード\s*[:：]\s*[0-9]{6}/g, /\/recovery\/password\/[0-9A-F]{32}/g, /regist\/new\/[0-9A-F]{32}/g, /仮パスワード\s*:\s*[a-z0-9]{8}/g].reduce((n, re) => n + (text.match(re)?.length ?? 0), 0);
    const modes = [s.dir, outbox, ...readdirSync(s.dir).map((n) => path.join(s.dir, n)), ...readdirSync(outbox).map((n) => path.join(outbox, n))].map((p) => statSync(p).mode & 0o777);
    const loose = modes.filter((m) => (m & 0o077) !== 0).length;
    report('secrets found in the outbox (production mode)', found, `${readdirSync(outbox).length} mails kept; ${loose} data paths readable by others`);
  },

  async 'me-latency-during-login-flood'() {
    const seconds = Number(values['flood-seconds']);
    // Once with the default hashing queue, once with it opened wide (what the server did before):
    // same machine, same flood. The per-client limit is off so the flood reaches the hashing
    // (all flood clients share one address here). The flood runs in its own process.
    for (const [label, args] of [['queue', []], ['unbounded', ['--hash-concurrency', '1000', '--hash-queue', '1000']]]) {
      const s = await startServer({ args: ['--rate-limit', 'login-per-client=off', ...args] });
      const token = await signIn(s);
      const me = async () => {
        const t0 = performance.now();
        await api(s.url, 'GET', '/api/v1/me', undefined, token);
        return performance.now() - t0;
      };
      const quiet = [];
      for (let i = 0; i < 20; i++) quiet.push(await me());
      const flood = spawn(process.execPath, ['--input-type=module', '-e', FLOOD, s.url, String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.add(flood);
      let floodOut = '';
      flood.stdout.on('data', (c) => (floodOut += c));
      const floodDone = new Promise((resolve) => flood.once('exit', resolve));
      await new Promise((r) => setTimeout(r, 300));
      const loaded = [];
      const until = Date.now() + (seconds - 0.5) * 1000;
      while (Date.now() < until) {
        loaded.push(await me());
        await new Promise((r) => setTimeout(r, 100));
      }
      await floodDone;
      const outcome = JSON.parse(floodOut || '{}');
      if (label === 'queue') report('GET /me latency, quiet (p50 / max)', `${ms(pct(quiet, 50))} / ${ms(Math.max(...quiet))}`);
      report(`GET /me in a 100-client login flood, ${label}`, `${ms(pct(loaded, 50))} / ${ms(Math.max(...loaded))}`, `p50 / max; flood: ${outcome.checked} checked, ${outcome.busy} × 503 SERVER_BUSY, ${outcome.other} other`);
      await s.stop();
    }
  },

  async 'known-unknown-timing'() {
    const s = await startServer({ args: ['--rate-limit', 'login-per-client=off'] });
    const time = async (accessId, i) => {
      const t0 = performance.now();
      await login(s, accessId, `wrong${i}pass`);
      return performance.now() - t0;
    };
    const known = [];
    const unknown = [];
    // 4 tries each (the 5th would lock the known ID), interleaved
    for (let i = 0; i < 4; i++) {
      known.push(await time(ADMIN.accessId, i));
      unknown.push(await time(`zz${String(i).padStart(4, '0')}`, i));
    }
    report('failed login, known / unknown access ID (mean)', `${ms(known.reduce((a, b) => a + b) / known.length)} / ${ms(unknown.reduce((a, b) => a + b) / unknown.length)}`, 'same work on both paths is the goal');
    await s.stop();
  },
};

process.stdout.write(`mypage security figures (server: ${path.join('bin', 'mypage-server.js')}, loopback)\n\n`);
try {
  for (const [name, run] of Object.entries(checks)) {
    if (only && !only.has(name)) continue;
    try {
      await run();
    } catch (error) {
      report(name, 'error', error.message);
    }
  }
} finally {
  for (const child of children) child.kill('SIGKILL');
  for (const d of folders) rmSync(d, { recursive: true, force: true });
}
