#!/usr/bin/env node
// `npm run demo` (after `npm run build`): the toolkit's main job in one go, with no terminal and
// no keychain needed. Starts the reference server with demo data on a free port (temporary data
// folder), logs in as the demo admin m95au6 (credentials kept in a throw-away credentials.json) with
// the OTP read from the dev mailbox through MYPAGE_OTP_COMMAND, shows contracts and the latest bill,
// downloads its invoice PDF and exports the call records as CSV into ./demo-output/, stops the
// server and says how to try it by hand (with --insecure-storage where there is no OS keychain).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'mypage.js');
const serverBin = path.join(root, 'bin', 'mypage-server.js');
const outDir = path.resolve('demo-output');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-demo-data-'));
const configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-demo-config-'));

const say = (text) => process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`.replace(/\x1b\[[0-9;]*m/g, process.stdout.isTTY ? '$&' : ''));

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverBin, '--port', '0', '--dev', '--demo', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${out}${err}`));
    }, 20_000);
    child.stderr.setEncoding('utf8').on('data', (c) => (err += c));
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      const url = /mypage-server listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}):\n${out}${err}`));
    });
  });
}

/**
 * Can this machine keep a secret in an OS keychain? Not a headless Linux box without a Secret
 * Service (a container, an SSH session): there `login` needs --insecure-storage.
 */
async function keychainWorks() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3_000);
  try {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const entry = new AsyncEntry('mypage-demo', 'probe');
    await entry.setPassword('probe', controller.signal);
    await entry.deletePassword(controller.signal);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The closing hint: commands that work on this machine, and where the OTP comes from. */
async function tryItYourself() {
  const storage = (await keychainWorks()) ? '' : ' --insecure-storage';
  return [
    '',
    'Try it yourself, in two terminals:',
    '  npm run server                    # the reference server with the demo data on http://127.0.0.1:8787',
    `  node bin/mypage.js login --access-id m95au6${storage}   # password: mypage2023`,
    ...(storage ? ['    (no OS keychain here: --insecure-storage keeps the credentials in a file only you can read)'] : []),
    'The one-time password is mailed to taro@example.jp; the dev server keeps its mails. Read it with',
    '  node bin/mypage.js dev otp --email taro@example.jp',
    'and every mail (registration, password reset, OTP) with `node bin/mypage.js dev mail`.',
    '',
  ].join('\n');
}

let server;
const cleanup = () => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
};

try {
  server = await startServer();
  server.child.removeAllListeners('exit');
  // The access ID and password go to `login` only (flag and stdin), so what login says — credentials
  // kept in credentials.json — stays true: later commands use the profile, not the environment.
  // The OTP (a new one whenever a session must be renewed) is read from the dev mailbox.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MYPAGE_'))),
    MYPAGE_SERVER: server.url,
    MYPAGE_CONFIG_DIR: configDir,
    MYPAGE_OTP_COMMAND: `"${process.execPath}" "${cli}" dev otp --email taro@example.jp`,
  };
  /** runs `mypage …`, output straight to this terminal (tables on a TTY, plain rows otherwise) */
  const mypage = (args, input) => {
    process.stdout.write(`$ ${input === undefined ? '' : 'echo … | '}mypage ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}\n`);
    execFileSync(process.execPath, [cli, ...args], { env, stdio: [input === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'], ...(input === undefined ? {} : { input }) });
  };
  const mypageJson = (...args) => JSON.parse(execFileSync(process.execPath, [cli, '--json', ...args], { env, encoding: 'utf8' }));

  say(`reference server with demo data on ${server.url}`);
  say('log in as m95au6 (password on stdin, OTP read from the dev mailbox by MYPAGE_OTP_COMMAND)');
  // --insecure-storage: a throw-away 0600 file in a temporary config folder, never your keychain
  mypage(['login', '--access-id', 'm95au6', '--password-stdin', '--insecure-storage'], 'mypage2023\n');
  mypage(['whoami']);

  say('contracts (ご契約内容)');
  mypage(['contracts', 'list']);

  const bills = mypageJson('bills', 'list');
  const latest = bills.months[0].month;
  say(`latest bill: ${latest} (ご請求内容)`);
  mypage(['bills', 'show', latest]);

  mkdirSync(outDir, { recursive: true });
  const pdf = path.join(outDir, `invoice-${latest}.pdf`);
  say('invoice PDF (請求書/口座振替案内書)');
  mypage(['bills', 'download', latest, '-o', pdf, '--clobber']); // demo-output/ is rewritten by each run

  const firstCallMonth = '2023-12'; // call records start here in the demo data (D-7)
  const csv = path.join(outDir, `calls-${firstCallMonth}_${latest}.csv`);
  say(`call records ${firstCallMonth} … ${latest} as one CSV (通話明細)`);
  mypage(['calls', 'export', '--from', firstCallMonth, '--to', latest, '--encoding', 'utf8-bom', '-o', csv, '--clobber']);

  say('done');
  for (const file of [pdf, csv]) process.stdout.write(`  ${path.relative(process.cwd(), file)}  ${statSync(file).size.toLocaleString('en-US')} bytes\n`);
  process.stdout.write(await tryItYourself());
} catch (err) {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  if (server) {
    await new Promise((resolve) => {
      server.child.once('exit', resolve);
      server.child.kill('SIGTERM');
      setTimeout(() => server.child.kill('SIGKILL'), 10_000).unref();
    });
  }
  cleanup();
}
