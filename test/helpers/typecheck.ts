import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `npm test` runs the typecheck of the whole repository (tsconfig.json, which also emits the
 * packages' declarations: scripts/build-types.js) beside the tests instead of before them, and
 * names in MYPAGE_TYPES_STATUS the file where it writes its exit code at the end.
 *
 * Answers undefined when no such run is under way (a test file run alone), else waits for the end
 * of the run and answers its exit code and its messages.
 */
export async function typecheckRun(deadlineMs = 600_000): Promise<{ code: number; log: string } | undefined> {
  const status = process.env.MYPAGE_TYPES_STATUS;
  if (!status) return undefined;
  const deadline = Date.now() + deadlineMs;
  while (!existsSync(status)) {
    if (Date.now() > deadline) throw new Error(`the typecheck did not end within ${deadlineMs / 1000} s (${status})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const log = join(dirname(status), 'typecheck.log');
  return { code: Number(readFileSync(status, 'utf8').trim()), log: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}
