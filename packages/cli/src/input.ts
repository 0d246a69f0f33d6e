import { CliError, ExitCode, usageError } from './errors.js';
import type { Terminal } from './cmdutil.js';

/*
 * Values a command needs: from a flag, an environment variable, or (only when a person is
 * present) a prompt. Otherwise fail fast, naming the flag or variable that is missing.
 */

export interface Need {
  value: string | undefined;
  /** the flag that gives it, e.g. `--email` */
  flag: string;
  env?: string;
  labelJa: string;
  labelEn: string;
  secret?: boolean;
  validate?: (v: string) => true | string;
  /** what is wrong with a value, in both languages (null: fine) — checked as it is typed, and for a flag before anything is sent (exit 2) */
  check?: (v: string) => [ja: string, en: string] | null;
  /** missing credentials are exit 3 (auth), other missing values exit 2 (usage) */
  auth?: boolean;
}

export async function need(f: Terminal & { env?: NodeJS.ProcessEnv }, n: Need): Promise<string> {
  const v = n.value ?? (n.env ? f.env?.[n.env] : undefined);
  if (v !== undefined && v !== '') {
    const problem = n.check?.(v);
    if (problem) throw usageError(...problem);
    return v;
  }
  if (f.io.canPrompt()) {
    const p = await f.io.prompts();
    const message = f.t(n.labelJa, n.labelEn);
    const checked = (x: string): true | string => {
      const problem = n.check?.(x);
      return problem ? f.t(...problem) : true;
    };
    const validate = n.validate ?? ((x: string) => (x.trim() === '' ? f.t('入力してください', 'Required') : checked(x)));
    return n.secret ? p.password({ message, validate }) : p.input({ message, validate });
  }
  const where = n.env ? `${n.flag} / ${n.env}` : n.flag;
  const ja = `${n.labelJa}が指定されていません: ${where} を指定してください（端末がないため入力を求められません）。`;
  const en = `Missing ${n.labelEn.toLowerCase()}: pass ${n.flag}${n.env ? ` or set ${n.env}` : ''} (no terminal to prompt on).`;
  if (n.auth) throw new CliError('CREDENTIALS_MISSING', ja, en, ExitCode.auth);
  throw usageError(ja, en);
}

/** Reads all of stdin (for `--password-stdin`), trimming the final newline. */
export async function readStdin(f: Terminal): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of f.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks for a new password twice (masked), or takes it from stdin / an env variable. */
export async function newPassword(f: Terminal & { env: NodeJS.ProcessEnv }, opts: { passwordStdin?: boolean; env: string }): Promise<string> {
  if (opts.passwordStdin) return readStdin(f);
  const fromEnv = f.env[opts.env];
  if (fromEnv) return fromEnv;
  if (!f.io.canPrompt()) {
    throw usageError(
      `新しいパスワードが指定されていません: --password-stdin または ${opts.env} を指定してください。`,
      `Missing new password: pass --password-stdin or set ${opts.env} (no terminal to prompt on).`,
    );
  }
  const { passwordProblem } = await import('@mypage/api');
  const p = await f.io.prompts();
  const validate = (v: string) =>
    passwordProblem(v) === null || f.t('半角英小文字と数字を含む8〜32文字にしてください', '8–32 lowercase letters and digits, at least one of each');
  const first = await p.password({ message: f.t('新しいパスワード', 'New password'), validate });
  await p.password({ message: f.t('新しいパスワード（確認）', 'New password (again)'), validate: (v) => v === first || f.t('一致しません', 'Does not match') });
  return first;
}

/** `2023-10`, `2023/10`, `202310`, `2023年10月` → `2023-10`, or a usage error. */
export async function monthArg(value: string, what = 'month'): Promise<string> {
  const { normalizeMonth } = await import('@mypage/api');
  const m = normalizeMonth(value);
  if (!m) throw usageError(`年月の形式が正しくありません: ${value}（例: 2023-10）`, `Invalid ${what}: ${value} (use YYYY-MM, e.g. 2023-10)`);
  return m;
}

export async function dateArg(value: string): Promise<string> {
  const { normalizeDate } = await import('@mypage/api');
  const d = normalizeDate(value);
  if (!d) throw usageError(`日付の形式が正しくありません: ${value}（例: 2023-12-01）`, `Invalid date: ${value} (use YYYY-MM-DD, e.g. 2023-12-01)`);
  return d;
}

/** A check of a contract number as the portal accepts it (CAF+10, COP+8, 10 or 9 digits; `2N` and full-width accepted). */
export async function contractNumberCheck(): Promise<(v: string) => [string, string] | null> {
  const { CONTRACT_NUMBER_SHAPES, isContractNumber, normalizeContractNumber } = await import('@mypage/api');
  const [ja, en] = [CONTRACT_NUMBER_SHAPES.split(' (')[0], CONTRACT_NUMBER_SHAPES.replace(/^.*\(|\)$/g, '')];
  return (v) => (isContractNumber(normalizeContractNumber(v)) ? null : [`契約番号の形式が正しくありません: ${v}（${ja}）`, `Invalid contract number: ${v} (${en})`]);
}

/** A check of a postal code: 7 digits (hyphen, 〒 and full-width digits accepted). */
export async function postalCodeCheck(): Promise<(v: string) => [string, string] | null> {
  const { isPostalCode, normalizePostalCode } = await import('@mypage/api');
  return (v) => (isPostalCode(normalizePostalCode(v)) ? null : [`郵便番号の形式が正しくありません: ${v}（7桁の数字、例: 060-0001）`, `Invalid postal code: ${v} (7 digits, e.g. 060-0001)`]);
}
