#!/usr/bin/env node
// The attack figures of docs/security.md, rerun against the built reference server
// (`bin/mypage-server.js`) as a real process on loopback. Run by `npm run security` after the
// build; not part of `npm test` (it takes a minute or two and measures, it does not assert).
// Every loop is bounded. Each figure starts its own server on a fresh data folder.
//   node scripts/security.js [--only NAME[,NAME…]] [--kills N] [--flood-seconds S] [--timing-ids N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { only: { type: 'string' }, kills: { type: 'string', default: '10' }, 'flood-seconds': { type: 'string', default: '5' }, 'timing-ids': { type: 'string', default: '30' } },
});
const timingIds = Number(values['timing-ids']);
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

/**
 * How often the best response-time threshold tells the two classes apart (an attacker's
 * classifier): the threshold and its direction are chosen on one half of the samples and scored on
 * the other, both ways round; 0.5 is chance.
 */
function classify(samples) {
  const order = shuffle(samples.map((_, i) => i));
  const halves = [order.filter((_, k) => k % 2 === 0).map((i) => samples[i]), order.filter((_, k) => k % 2 === 1).map((i) => samples[i])];
  const score = (set, cut, knownBelow) => set.filter((x) => (x.t <= cut) === (knownBelow ? x.known : !x.known)).length / set.length;
  let total = 0;
  for (const [train, test] of [halves, [halves[1], halves[0]]]) {
    let best = { acc: -1, cut: 0, knownBelow: true };
    for (const cut of train.map((x) => x.t)) {
      for (const knownBelow of [true, false]) {
        const acc = score(train, cut, knownBelow);
        if (acc > best.acc) best = { acc, cut, knownBelow };
      }
    }
    total += score(test, best.cut, best.knownBelow);
  }
  return total / 2;
}
function shuffle(xs) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
const pct1 = (x) => `${(x * 100).toFixed(0)} %`;
function folderBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  return n;
}

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

  async 'login-latency'() {
    // A full login (password → OTP mailed; OTP → session) of the demo admin, 5 times in a row, at
    // the production cost and at the former N=2^14; then the first login of a store hashed at
    // 2^14 on a server at 2^17 (the lazy re-hash) and the one after it.
    const timed = async (s) => {
      const t0 = performance.now();
      const c = await login(s, ADMIN.accessId, ADMIN.password);
      const t1 = performance.now();
      const session = await api(s.url, 'POST', '/api/v1/auth/otp', { challengeId: c.body.challengeId, otp: await latestOtp(s), captchaToken: 'x' });
      const t2 = performance.now();
      if (c.status !== 200 || session.status !== 200) throw new Error(`login answered ${c.status} / ${session.status}`);
      return [t1 - t0, t2 - t1];
    };
    const run = async (label, args) => {
      const s = await startServer({ args });
      await timed(s); // the first one warms up
      const step1 = [];
      const step2 = [];
      for (let i = 0; i < 5; i++) {
        const [a, b] = await timed(s);
        step1.push(a);
        step2.push(b);
      }
      report(`login at ${label}, password / OTP step (p50)`, `${ms(pct(step1, 50))} / ${ms(pct(step2, 50))}`, 'the password step verifies the password and hashes the OTP; the OTP step verifies it');
      await s.stop();
    };
    await run('N=2^17 (production)', []);
    await run('N=2^14 (before)', ['--scrypt-n', '16384']);
    const dir = tmpDir();
    const old = await startServer({ dir, args: ['--scrypt-n', '16384'] });
    await old.stop();
    const s = await startServer({ dir });
    const [rehash] = await timed(s);
    const [after] = await timed(s);
    report('first login after the raise (lazy re-hash), then the next', `${ms(rehash)} / ${ms(after)}`, 'password step only: the first verifies at 2^14 padded to 2^17 and re-hashes at 2^17');
    await s.stop();
  },

  async 'known-unknown-timing'() {
    // A store of a few MB (demo + generated customers) with known access IDs in large groups, half
    // of their passwords hashed at the old cost (N=2^14, not yet re-hashed), half at the current one.
    const { emptyData, generateData, JsonEngine, PRODUCTION_SCRYPT, scryptHasher, seedDemo } = await import('../mock-server/dist/index.js');
    const dir = tmpDir();
    const data = emptyData();
    const current = scryptHasher();
    await seedDemo(data, current);
    generateData(data, { customers: 400, months: 6, callsPerLine: 4, seed: 7 });
    const hashes = [await current.hash('right2024'), await scryptHasher({ ...PRODUCTION_SCRYPT, N: 2 ** 14 }).hash('right2024')];
    const groups = data.billingGroups.map((g) => g.id);
    const knownIds = Array.from({ length: timingIds }, (_, i) => `k${String(i).padStart(5, '0')}`);
    knownIds.forEach((accessId, i) =>
      data.accounts.push({
        id: `usr_timing_${i}`, accessId, billingGroupId: groups[i % groups.length], email: `timing${i}@example.jp`, name: 'timing', role: 'general',
        notify: false, status: 'active', passwordHash: hashes[i % 2], temporaryPasswordHash: null, createdAt: '2024-01-01T00:00:00.000Z',
      }),
    );
    const engine = await JsonEngine.open(dir);
    await engine.load(data);
    await engine.close();
    const storeBytes = folderBytes(dir);
    const s = await startServer({ dir, args: ['--rate-limit', 'login-per-client=off'] });
    const unknownIds = Array.from({ length: timingIds }, (_, i) => `u${String(i).padStart(5, '0')}`);
    // 4 wrong passwords per ID (a 5th would lock it), known and unknown in a shuffled order
    const plan = [];
    for (let round = 0; round < 4; round++) for (const [known, ids] of [[true, knownIds], [false, unknownIds]]) for (const id of ids) plan.push({ id, known });
    shuffle(plan);
    await login(s, 'warm00', 'warmup12'); // the dummy hash is made at the first unknown ID
    const samples = [];
    for (const { id, known } of plan) {
      const t0 = performance.now();
      const r = await login(s, id, 'wrong999pass');
      const t = performance.now() - t0;
      if (r.status !== 401) throw new Error(`login answered ${r.status} ${r.code}`);
      samples.push({ id, known, t });
    }
    await s.stop();
    const perId = [...knownIds, ...unknownIds].map((id) => {
      const mine = samples.filter((x) => x.id === id);
      return { known: mine[0].known, t: mine.reduce((a, x) => a + x.t, 0) / mine.length };
    });
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const knownT = samples.filter((x) => x.known).map((x) => x.t);
    const unknownT = samples.filter((x) => !x.known).map((x) => x.t);
    report(
      'known vs unknown access ID by response time',
      `${pct1(classify(samples))} / ${pct1(classify(perId))}`,
      `correct classification (chance 50 %): per request / per ID (mean of 4); ${samples.length} requests, store ${(storeBytes / 1e6).toFixed(1)} MB; ` +
        `mean ${ms(mean(knownT))} known (half at N=2^14) / ${ms(mean(unknownT))} unknown, p50 ${ms(pct(knownT, 50))} / ${ms(pct(unknownT, 50))}`,
    );
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
