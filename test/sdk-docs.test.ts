import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embed } from '../packages/sdk/examples/embed.mjs';
import { REPO_ROOT, startServerProcess, type RunningServer } from './helpers/server-process.js';
import { typecheckRun } from './helpers/typecheck.js';

/*
 * docs/sdk.md shows the files of packages/sdk/examples verbatim; this test proves the page and
 * the files agree, that the examples compile against the SDK's types, and runs every example, in
 * order, against the real reference server with demo data.
 */

const run = promisify(execFile);
const EXAMPLES = join(REPO_ROOT, 'packages', 'sdk', 'examples');
const DOC = join(REPO_ROOT, 'docs', 'sdk.md');

/** What each example must print (beyond exiting 0). */
const EXPECTED: Record<string, (string | RegExp)[]> = {
  '01-client.ts': ['dev mode: true', '利用規約', '株式会社'],
  '02-registration.ts': ['mail sent to h***@example.jp', /link valid until \d{4}-\d{2}-\d{2}T/, 'registered: true'],
  '03-login.ts': ['OTP sent to t***@example.jp', 'idle timeout: 600 s', 'of 2NCAF0000000001', 'restored: m95au6', 'logged out: true'],
  '04-recovery.ts': ['アクセスID', 'パスワード'],
  '05-contracts.ts': ['CAF0000000001 [100M] ファミリー', 'アクセスキー BUEdeJWm', '2023年12月01日分', /saved \d{4,} bytes/],
  '06-bills.ts': ['CAF0000000001 mediaITサポート24 3300円', '10%対象計 3300円 消費税 330円', '小計 3630円', /application\/pdf: \d{4,} bytes/],
  '07-calls.ts': ['first page: 3 records, more: true', /calls from 0611115555: [1-9]\d*, \d+円/, '日時,利用種類,通話元,通話先,通話時間,料金'],
  '08-inquiries.ts': ['call-records=通話明細記録について', '通話明細記録について / 通話明細記録の希望', '口座振替案内書の紙発送停止希望', /history: [1-9]\d* inquiries/],
  '09-users.ts': [/created [a-z0-9]{6} \(pending\)/, 'now admin, notify true', 'jiro@example.jp', 'deleted: true'],
  '10-errors.ts': ['re-login after SESSION_EXPIRED', 'hello m95au6', '404 BILL_NOT_FOUND', 'VALIDATION_FAILED on contractNumber', 'ABORTED', '3 contracts'],
};

let server: RunningServer;
let outDir: string;
let examples: string[];
beforeAll(async () => {
  examples = (await readdir(EXAMPLES)).filter((f) => /^\d\d-[\w-]+\.ts$/.test(f)).sort();
  server = await startServerProcess();
  outDir = await mkdtemp(join(tmpdir(), 'sdk-docs-'));
});
afterAll(async () => {
  await server?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('docs/sdk.md', () => {
  it('embeds every example verbatim (run `node packages/sdk/examples/embed.mjs` after editing one)', async () => {
    const doc = await readFile(DOC, 'utf8');
    expect(embed(doc)).toBe(doc);
    for (const name of examples) expect(doc).toContain(`<!-- example: ${name} -->`);
    expect(Object.keys(EXPECTED).sort()).toEqual(examples);
  });

  // One test per example, in file order (later ones rely on earlier ones, e.g. 04 recovers 02's account).
  for (const name of Object.keys(EXPECTED).sort()) {
    it(`${name} runs against the real server`, async () => {
      const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', join(EXAMPLES, name)], {
        cwd: REPO_ROOT,
        env: { ...process.env, MYPAGE_SERVER: server.url, OUT_DIR: outDir },
        timeout: 30_000,
      });
      for (const expected of EXPECTED[name]!) {
        if (typeof expected === 'string') expect(stdout).toContain(expected);
        else expect(stdout).toMatch(expected);
      }
    }, 40_000);
  }

  // Last, so that under `npm test` the typecheck beside the tests has mostly ended by then.
  it('the examples compile against the SDK types', async () => {
    // The repository's typecheck covers the examples (tsconfig.json includes them); under `npm test`
    // its verdict is this test's, instead of a second compiler run over the SDK.
    const root = JSON.parse(await readFile(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    expect(root.include).toContain('packages/sdk/examples/*.ts');
    const typecheck = await typecheckRun();
    if (typecheck) expect(typecheck.code, typecheck.log).toBe(0);
    else await run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', EXAMPLES], { cwd: REPO_ROOT });
  }, 600_000);
});
