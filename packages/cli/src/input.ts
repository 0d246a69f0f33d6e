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
  /**
   * What is wrong with a value, in both languages as the portal says it (null: fine; see
   * `@mypage/api` checks.ts) — checked as it is typed (and asked again), and for a flag or an
   * environment variable before anything is sent (exit 2).
   */
  check?: Check;
  /** missing credentials are exit 3 (auth), other missing values exit 2 (usage) */
  auth?: boolean;
}

export type Check = (v: string) => [ja: string, en: string] | null;

/** A check's message for a prompt: both languages, the run's first (`お客様名を入力してください。 (Customer name is required)`). */
export function bothLanguages(f: Terminal, [ja, en]: [string, string]): string {
  const english = en.charAt(0).toUpperCase() + en.slice(1);
  return f.t(`${ja} (${english})`, `${english} (${ja})`);
}

export async function need(f: Terminal & { env?: NodeJS.ProcessEnv }, n: Need): Promise<string> {
  const fromEnv = n.value === undefined && n.env !== undefined;
  const v = n.value ?? (n.env ? f.env?.[n.env] : undefined);
  if (v !== undefined && v !== '') {
    const problem = n.check?.(v);
    if (problem) {
      // which flag (or variable) held it; a secret's value is never repeated
      const where = fromEnv ? n.env! : n.flag;
      const shown = n.secret ? where : `${where} ${v}`;
      throw usageError(`${shown}: ${problem[0]}`, `${shown}: ${problem[1]}`);
    }
    return v;
  }
  if (f.io.canPrompt()) {
    const p = await f.io.prompts();
    const message = f.t(n.labelJa, n.labelEn);
    const checked = (x: string): true | string => {
      const problem = n.check?.(x);
      return problem ? bothLanguages(f, problem) : true;
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
export async function newPassword(f: Terminal & { env: NodeJS.ProcessEnv }, opts: { passwordStdin?: boolean; env: string; notSameAs?: string }): Promise<string> {
  if (opts.passwordStdin) return readStdin(f);
  const fromEnv = f.env[opts.env];
  if (fromEnv) return fromEnv;
  if (!f.io.canPrompt()) {
    throw usageError(
      `新しいパスワードが指定されていません: --password-stdin または ${opts.env} を指定してください。`,
      `Missing new password: pass --password-stdin or set ${opts.env} (no terminal to prompt on).`,
    );
  }
  const { newPasswordProblem, SAME_AS_TEMPORARY } = await import('@mypage/api');
  const p = await f.io.prompts();
  // R-FMT-2 with the portal's reason, and (R-REG-5) not the temporary password again
  const validate = (v: string) => {
    const problem = newPasswordProblem(v) ?? (opts.notSameAs !== undefined && v === opts.notSameAs ? SAME_AS_TEMPORARY : null);
    return problem ? bothLanguages(f, problem) : true;
  };
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
export async function contractNumberCheck(): Promise<Check> {
  return (await import('@mypage/api')).contractNumberProblem;
}

/** A check of a postal code: 7 digits (hyphen, 〒 and full-width digits accepted). */
export async function postalCodeCheck(): Promise<Check> {
  return (await import('@mypage/api')).postalCodeProblem;
}

/** The checks of `@mypage/api` (checks.ts) for the other fields a person types. */
export async function checks(): Promise<{ email: Check; customerName: Check; accessId: Check; temporaryPassword: Check }> {
  const api = await import('@mypage/api');
  return { email: api.emailProblem, customerName: api.customerNameProblem, accessId: api.accessIdProblem, temporaryPassword: api.temporaryPasswordProblem };
}
