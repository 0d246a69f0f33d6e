import { Command } from 'commander';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { checks, contractNumberCheck, need, postalCodeCheck } from '../../input.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { newCompleteCommand } from './complete.js';

/* `mypage register` and `mypage register complete <url|token>` — 初回登録 (R-REG-1..5). */

export interface RegisterOptions extends Terminal {
  client: ClientFactory;
  email?: string;
  contract?: string;
  postalCode?: string;
  name?: string;
  agreeTerms: boolean;
  showTerms: boolean;
  showDesignations: boolean;
}

export function newRegisterCommand(f: Factory, run: (o: RegisterOptions) => Promise<void> = registerRun): Command {
  const cmd = new Command('register')
    .description('Start registration: email, contract number, postal code, customer name, agreement to the terms; a mail brings the URL, access ID and temporary password')
    .option('--email <email>', 'メールアドレス')
    .option('--contract <number>', '契約番号 (CAF…, COP…, 10 or 9 digits; `2N` prefix accepted)')
    .option('--postal-code <code>', '郵便番号 (534-0024 or 5340024)')
    .option('--name <name>', 'お客様名 (顧客名; 法人格 may be left out)')
    .option('--agree-terms', 'agree to the terms of use (利用規約に同意する)', false)
    .option('--show-terms', 'print the terms of use and exit', false)
    .option('--show-designations', 'print the registered corporate designations (登録済みの法人格) and exit', false)
    .action(async (o: Omit<RegisterOptions, keyof Terminal | 'client'>) => run({ ...f.terminal(), client: f.anonymousClientFactory(), ...o }));
  cmd.addCommand(newCompleteCommand(f));
  return examples(cmd, [
    '$ mypage register                               # prompts for every field',
    '$ mypage register --email hanako@example.jp --contract 123456789 --postal-code 060-0001 --name "サトウ ハナコ" --agree-terms',
    '$ mypage register --show-terms',
    '$ mypage register --show-designations          # 法人格 left out when matching names',
    '$ mypage register complete "http://127.0.0.1:8787/regist/new/0123…" --access-id ab12cd',
  ]);
}

export async function registerRun(o: RegisterOptions): Promise<void> {
  const client = await o.client();
  if (o.showDesignations) {
    const items = await o.io.spin(o.t('法人格を取得中…', 'Fetching designations…'), () => client.meta.corporateDesignations());
    const { printList } = await import('../../output/print.js');
    await printList(o.io, items, [
      { header: o.t('法人格', 'Designation'), get: (d) => d.kanji },
      { header: o.t('カナ', 'Kana'), get: (d) => d.kana },
      { header: o.t('略称', 'Abbreviations'), get: (d) => d.abbreviations.join(' ') },
    ]);
    return;
  }
  if (o.showTerms) {
    const terms = await o.io.spin(o.t('利用規約を取得中…', 'Fetching the terms…'), () => client.meta.terms());
    if (o.io.json) return printJson(o.io, terms);
    o.io.out(`${terms.title} (${terms.version})\n\n${terms.text}`);
    return;
  }
  // each answer is checked as it is typed (and asked again), with the portal's messages, so
  // nothing the server would refuse (R-REG-2, R-FMT-4..6) is found only after the terms
  const check = await checks();
  const email = await need(o, { value: o.email, flag: '--email', labelJa: 'メールアドレス', labelEn: 'Email', check: check.email });
  const contractNumber = await need(o, { value: o.contract, flag: '--contract', labelJa: '契約番号', labelEn: 'Contract number', check: await contractNumberCheck() });
  const postalCode = await need(o, { value: o.postalCode, flag: '--postal-code', labelJa: '郵便番号', labelEn: 'Postal code', check: await postalCodeCheck() });
  const customerName = await need(o, { value: o.name, flag: '--name', labelJa: 'お客様名', labelEn: 'Customer name', check: check.customerName });
  let agree = o.agreeTerms;
  if (!agree) {
    if (!o.io.canPrompt()) {
      throw usageError('利用規約への同意が必要です: --agree-terms を指定してください（全文は --show-terms）。', 'You must agree to the terms of use: pass --agree-terms (read them with --show-terms).');
    }
    const terms = await o.io.spin(o.t('利用規約を取得中…', 'Fetching the terms…'), () => client.meta.terms());
    o.io.info(`${terms.title} (${terms.version})\n${terms.text}\n`);
    agree = await (await o.io.prompts()).confirm({ message: o.t('利用規約に同意しますか？', 'Do you agree to the terms of use?'), default: false });
    if (!agree) throw usageError('利用規約に同意しないと登録できません。', 'Registration needs agreement to the terms of use.');
  }
  const started = await o.io.spin(o.t('登録中…', 'Registering…'), () => client.registration.start({ email, contractNumber, postalCode, customerName, agreeToTerms: agree }));
  if (o.io.json) return printJson(o.io, started);
  o.io.info(
    o.t(
      `✓ ${started.message}\n${started.sentTo} に届くメールの URL・アクセスID・仮パスワードで、次を実行してください:\n  mypage register complete <URL> --access-id <アクセスID>`,
      `✓ ${started.message}\nA mail to ${started.sentTo} carries a URL, your access ID and a temporary password. Then run:\n  mypage register complete <URL> --access-id <access ID>`,
    ),
  );
}
