import path from 'node:path';
import { CliError, usageError } from '../../../errors.js';
import type { Actor } from '../../../archive/audit.js';
import type { IndexEncoding } from '../../../archive/index-book.js';
import { IndexFormatError } from '../../../archive/index-error.js';

/* What the `bills archive` verbs share: their Options' parts, flag parsing, and error wording. */

export type { ClientFactory, Clock, Terminal } from '../../../cmdutil.js';
/** Who runs the command, for audit.log (read when the verb runs). */
export type ActorFactory = () => Promise<Actor>;

/** `--encoding`: `cp932` (also `sjis`, `shift_jis`) or `utf8`. */
export function encodingArg(value: string | undefined): IndexEncoding | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase().replace(/[-_]/g, '');
  if (v === 'cp932' || v === 'sjis' || v === 'shiftjis' || v === 'windows31j') return 'cp932';
  if (v === 'utf8') return 'utf8';
  throw usageError(`文字コードは cp932 か utf8 を指定してください: ${value}`, `--encoding must be cp932 (Shift_JIS) or utf8: ${value}`);
}

export function dirArg(dir: string | undefined): string {
  if (!dir) throw usageError('保存先のフォルダを --dir で指定してください。', 'Name the archive folder with --dir DIR.');
  return path.resolve(dir);
}

/** A damaged 索引簿.csv is said plainly (it is the archive's record; never guessed around). */
export function indexError(err: unknown): never {
  if (err instanceof IndexFormatError) {
    throw new CliError('ARCHIVE_INDEX_INVALID', `索引簿.csv を読めません（${err.line} 行目）: ${err.why}`, `Cannot read 索引簿.csv (line ${err.line}): ${err.why}`);
  }
  throw err;
}
