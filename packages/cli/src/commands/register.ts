import { Command } from 'commander';
import { usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { need, newPassword } from '../input.js';
import { printJson } from '../output/print.js';
import { examples } from './help.js';

/* `mypage register` and `mypage register complete <url|token>` — 初回登録 (R-REG-1..5). */

export interface RegisterOptions {
  f: Factory;
  email?: string;
  contract?: string;
  postalCode?: string;
  name?: string;
  agreeTerms: boolean;
  showTerms: boolean;
  showDesignations: boolean;
}
export interface RegisterCompleteOptions {
  f: Factory;
  link: string;
  accessId?: string;
  temporaryPassword?: string;
  passwordStdin: boolean;
}

export function newRegisterCommand(f: Factory, run: (o: RegisterOptions) => Promise<void> = registerRun): Command {
  const cmd = new Command('register')
    .description('Start registration: email, contract number, postal code, customer name, agreement to the terms; a mail brings the URL, access ID and temporary password (R-REG-2..4)')
    .option('--email <email>', 'メールアドレス')
    .option('--contract <number>', '契約番号 (CAF…, COP…, 10 or 9 digits; `2N` prefix accepted)')
    .option('--postal-code <code>', '郵便番号 (534-0024 or 5340024)')
    .option('--name <name>', 'お客様名 (顧客名; 法人格 may be left out)')
    .option('--agree-terms', 'agree to the terms of use (利用規約に同意する)', false)
    .option('--show-terms', 'print the terms of use and exit', false)
    .option('--show-designations', 'print the registered corporate designations (登録済みの法人格) and exit', false)
    .action(async (o: Omit<RegisterOptions, 'f'>) => run({ f, ...o }));
  cmd.addCommand(newRegisterCompleteCommand(f));
  return examples(cmd, [
    '$ mypage register                               # prompts for every field',
    '$ mypage register --email hanako@example.jp --contract 123456789 --postal-code 060-0001 --name "サトウ ハナコ" --agree-terms',
    '$ mypage register --show-terms',
    '$ mypage register --show-designations          # 法人格 left out when matching names',
    '$ mypage register complete "http://127.0.0.1:8787/regist/new/0123…" --access-id ab12cd',
  ]);
}

export async function registerRun(o: RegisterOptions): Promise<void> {
  const { f } = o;
  const client = await f.anonymousClient();
  if (o.showDesignations) {
    const items = await f.io.spin(f.t('法人格を取得中…', 'Fetching designations…'), () => client.meta.corporateDesignations());
    const { printList } = await import('../output/print.js');
    await printList(f.io, items, [
      { header: f.t('法人格', 'Designation'), get: (d) => d.kanji },
      { header: f.t('カナ', 'Kana'), get: (d) => d.kana },
      { header: f.t('略称', 'Abbreviations'), get: (d) => d.abbreviations.join(' ') },
    ]);
    return;
  }
  if (o.showTerms) {
    const terms = await f.io.spin(f.t('利用規約を取得中…', 'Fetching the terms…'), () => client.meta.terms());
    if (f.io.json) return printJson(f.io, terms);
    f.io.out(`${terms.title} (${terms.version})\n\n${terms.text}`);
    return;
  }
  const email = await need(f, { value: o.email, flag: '--email', labelJa: 'メールアドレス', labelEn: 'Email' });
  const contractNumber = await need(f, { value: o.contract, flag: '--contract', labelJa: '契約番号', labelEn: 'Contract number' });
  const postalCode = await need(f, { value: o.postalCode, flag: '--postal-code', labelJa: '郵便番号', labelEn: 'Postal code' });
  const customerName = await need(f, { value: o.name, flag: '--name', labelJa: 'お客様名', labelEn: 'Customer name' });
  let agree = o.agreeTerms;
  if (!agree) {
    if (!f.io.canPrompt()) {
      throw usageError('利用規約への同意が必要です: --agree-terms を指定してください（全文は --show-terms）。', 'You must agree to the terms of use: pass --agree-terms (read them with --show-terms).');
    }
    const terms = await f.io.spin(f.t('利用規約を取得中…', 'Fetching the terms…'), () => client.meta.terms());
    f.io.info(`${terms.title} (${terms.version})\n${terms.text}\n`);
    agree = await (await f.io.prompts()).confirm({ message: f.t('利用規約に同意しますか？', 'Do you agree to the terms of use?'), default: false });
    if (!agree) throw usageError('利用規約に同意しないと登録できません。', 'Registration needs agreement to the terms of use.');
  }
  const started = await f.io.spin(f.t('登録中…', 'Registering…'), () => client.registration.start({ email, contractNumber, postalCode, customerName, agreeToTerms: agree }));
  if (f.io.json) return printJson(f.io, started);
  f.io.info(
    f.t(
      `✓ ${started.message}\n${started.sentTo} に届くメールの URL・アクセスID・仮パスワードで、次を実行してください:\n  mypage register complete <URL> --access-id <アクセスID>`,
      `✓ ${started.message}\nA mail to ${started.sentTo} carries a URL, your access ID and a temporary password. Then run:\n  mypage register complete <URL> --access-id <access ID>`,
    ),
  );
}

export function newRegisterCompleteCommand(f: Factory, run: (o: RegisterCompleteOptions) => Promise<void> = registerCompleteRun): Command {
  const cmd = new Command('complete')
    .description('Complete registration at the mailed URL: access ID + temporary password, then set your password (R-REG-5)')
    .argument('<url-or-token>', 'the URL from the registration mail, or its token')
    .option('--access-id <id>', 'アクセスID from the mail')
    .option('--temporary-password <password>', '仮パスワード from the mail (env MYPAGE_TEMPORARY_PASSWORD)')
    .option('--password-stdin', 'read the new password from stdin (env MYPAGE_NEW_PASSWORD)', false)
    .action(async (link: string, o: { accessId?: string; temporaryPassword?: string; passwordStdin: boolean }) => run({ f, link, ...o }));
  return examples(cmd, [
    '$ mypage register complete "http://127.0.0.1:8787/regist/new/0123ABCD…"   # prompts for the rest',
    '$ echo "newpass2024" | MYPAGE_TEMPORARY_PASSWORD=533ne4p3 mypage register complete <URL> --access-id ab12cd --password-stdin',
  ]);
}

export async function registerCompleteRun(o: RegisterCompleteOptions): Promise<void> {
  const { f } = o;
  const client = await f.anonymousClient();
  const link = await f.io.spin(f.t('URL を確認中…', 'Checking the link…'), () => client.registration.check(o.link));
  const accessId = await need(f, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID' });
  const temporaryPassword = await need(f, { value: o.temporaryPassword, flag: '--temporary-password', env: 'MYPAGE_TEMPORARY_PASSWORD', labelJa: '仮パスワード', labelEn: 'Temporary password', secret: true });
  const password = await newPassword(f, { ...(o.passwordStdin ? { passwordStdin: true } : {}), env: 'MYPAGE_NEW_PASSWORD' });
  const done = await f.io.spin(f.t('登録中…', 'Completing…'), () => client.registration.complete(o.link, { accessId, temporaryPassword, newPassword: password }));
  if (f.io.json) return printJson(f.io, { ...done, linkExpiresAt: link.expiresAt });
  f.io.info(f.t(`✓ ${done.message}\n次は: mypage login --access-id ${done.accessId}`, `✓ ${done.message}\nNext: mypage login --access-id ${done.accessId}`));
}
