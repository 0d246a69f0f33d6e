import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { need, newPassword } from '../input.js';
import { printJson } from '../output/print.js';
import { examples } from './help.js';

/* `mypage recover access-id|password|reset|email` — IDまたはパスワードをお忘れの方 (R-LOGIN-5). */

export interface RecoverAccessIdOptions {
  f: Factory;
  email?: string;
}
export interface RecoverPasswordOptions {
  f: Factory;
  accessId?: string;
  email?: string;
}
export interface RecoverResetOptions {
  f: Factory;
  link: string;
  accessId?: string;
  passwordStdin: boolean;
}
export interface RecoverEmailOptions {
  f: Factory;
  contract?: string;
  postalCode?: string;
  name?: string;
}

export function newRecoverCommand(f: Factory): Command {
  const cmd = new Command('recover').description('Forgot your access ID, password or registered email (R-LOGIN-5)');
  cmd.addCommand(newRecoverAccessIdCommand(f));
  cmd.addCommand(newRecoverPasswordCommand(f));
  cmd.addCommand(newRecoverResetCommand(f));
  cmd.addCommand(newRecoverEmailCommand(f));
  return examples(cmd, [
    '$ mypage recover access-id --email taro@example.jp',
    '$ mypage recover password --access-id m95au6 --email taro@example.jp',
    '$ mypage recover reset "<URL from the mail>" --access-id m95au6',
    '$ mypage recover email --contract CAF0000000001 --postal-code 534-0024 --name "日本 太郎"',
  ]);
}

function done(f: Factory, r: { message: string }): void {
  if (f.io.json) return printJson(f.io, r);
  f.io.info(`✓ ${r.message}`);
}

export function newRecoverAccessIdCommand(f: Factory, run: (o: RecoverAccessIdOptions) => Promise<void> = recoverAccessIdRun): Command {
  const cmd = new Command('access-id')
    .description('Mail your access ID to the registered address')
    .option('--email <email>', 'registered email')
    .action(async (o: { email?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage recover access-id --email taro@example.jp']);
}

export async function recoverAccessIdRun(o: RecoverAccessIdOptions): Promise<void> {
  const { f } = o;
  const email = await need(f, { value: o.email, flag: '--email', labelJa: '登録メールアドレス', labelEn: 'Registered email' });
  const client = await f.anonymousClient();
  done(f, await f.io.spin(f.t('送信中…', 'Sending…'), () => client.recovery.accessId({ email })));
}

export function newRecoverPasswordCommand(f: Factory, run: (o: RecoverPasswordOptions) => Promise<void> = recoverPasswordRun): Command {
  const cmd = new Command('password')
    .description('Mail a password-reset link (valid 10 days, once)')
    .option('--access-id <id>', 'アクセスID')
    .option('--email <email>', 'registered email')
    .action(async (o: { accessId?: string; email?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage recover password --access-id m95au6 --email taro@example.jp']);
}

export async function recoverPasswordRun(o: RecoverPasswordOptions): Promise<void> {
  const { f } = o;
  const accessId = await need(f, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID' });
  const email = await need(f, { value: o.email, flag: '--email', labelJa: '登録メールアドレス', labelEn: 'Registered email' });
  const client = await f.anonymousClient();
  done(f, await f.io.spin(f.t('送信中…', 'Sending…'), () => client.recovery.password({ accessId, email })));
}

export function newRecoverResetCommand(f: Factory, run: (o: RecoverResetOptions) => Promise<void> = recoverResetRun): Command {
  const cmd = new Command('reset')
    .description('Set a new password from the reset link')
    .argument('<url-or-token>', 'the URL from the reset mail, or its token')
    .option('--access-id <id>', 'アクセスID')
    .option('--password-stdin', 'read the new password from stdin (env MYPAGE_NEW_PASSWORD)', false)
    .action(async (link: string, o: { accessId?: string; passwordStdin: boolean }) => run({ f, link, ...o }));
  return examples(cmd, ['$ mypage recover reset "<URL>" --access-id m95au6', '$ echo newpass2024 | mypage recover reset <URL> --access-id m95au6 --password-stdin']);
}

export async function recoverResetRun(o: RecoverResetOptions): Promise<void> {
  const { f } = o;
  const accessId = await need(f, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID' });
  const password = await newPassword(f, { ...(o.passwordStdin ? { passwordStdin: true } : {}), env: 'MYPAGE_NEW_PASSWORD' });
  const client = await f.anonymousClient();
  done(f, await f.io.spin(f.t('変更中…', 'Resetting…'), () => client.recovery.resetPassword(o.link, { accessId, newPassword: password })));
}

export function newRecoverEmailCommand(f: Factory, run: (o: RecoverEmailOptions) => Promise<void> = recoverEmailRun): Command {
  const cmd = new Command('email')
    .description('Forgot the registered email: verify contract number, postal code and name; the answer says whom to contact')
    .option('--contract <number>', '契約番号')
    .option('--postal-code <code>', '郵便番号')
    .option('--name <name>', 'お客様名')
    .action(async (o: { contract?: string; postalCode?: string; name?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage recover email --contract CAF0000000001 --postal-code 534-0024 --name "日本 太郎"']);
}

export async function recoverEmailRun(o: RecoverEmailOptions): Promise<void> {
  const { f } = o;
  const contractNumber = await need(f, { value: o.contract, flag: '--contract', labelJa: '契約番号', labelEn: 'Contract number' });
  const postalCode = await need(f, { value: o.postalCode, flag: '--postal-code', labelJa: '郵便番号', labelEn: 'Postal code' });
  const customerName = await need(f, { value: o.name, flag: '--name', labelJa: 'お客様名', labelEn: 'Customer name' });
  const client = await f.anonymousClient();
  done(f, await f.io.spin(f.t('確認中…', 'Checking…'), () => client.recovery.email({ contractNumber, postalCode, customerName })));
}
