import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { checks, need, newPassword } from '../../input.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface CompleteOptions extends Terminal {
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  link: string;
  accessId?: string;
  temporaryPassword?: string;
  passwordStdin: boolean;
}

export function newCompleteCommand(f: Factory, run: (o: CompleteOptions) => Promise<void> = completeRun): Command {
  const cmd = new Command('complete')
    .description('Complete registration at the mailed URL: access ID + temporary password, then set your password')
    .argument('<url-or-token>', 'the URL from the registration mail, or its token')
    .option('--access-id <id>', 'アクセスID from the mail')
    .option('--temporary-password <password>', '仮パスワード from the mail (env MYPAGE_TEMPORARY_PASSWORD)')
    .option('--password-stdin', 'read the new password from stdin (env MYPAGE_NEW_PASSWORD)', false)
    .action(async (link: string, o: { accessId?: string; temporaryPassword?: string; passwordStdin: boolean }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), env: f.env, link, ...o }));
  return examples(cmd, [
    '$ mypage register complete "http://127.0.0.1:8787/regist/new/0123ABCD…"   # prompts for the rest',
    '$ echo "newpass2024" | MYPAGE_TEMPORARY_PASSWORD=533ne4p3 mypage register complete <URL> --access-id ab12cd --password-stdin',
  ]);
}

export async function completeRun(o: CompleteOptions): Promise<void> {
  const client = await o.client();
  const link = await o.io.spin(o.t('URL を確認中…', 'Checking the link…'), () => client.registration.check(o.link));
  // checked as typed (R-FMT-1, R-FMT-3, R-FMT-2, R-REG-5): a typo is asked again, not sent
  const check = await checks();
  const accessId = await need(o, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID', check: check.accessId });
  const temporaryPassword = await need(o, { value: o.temporaryPassword, flag: '--temporary-password', env: 'MYPAGE_TEMPORARY_PASSWORD', labelJa: '仮パスワード', labelEn: 'Temporary password', secret: true, check: check.temporaryPassword });
  const password = await newPassword(o, { ...(o.passwordStdin ? { passwordStdin: true } : {}), env: 'MYPAGE_NEW_PASSWORD', notSameAs: temporaryPassword });
  const done = await o.io.spin(o.t('登録中…', 'Completing…'), () => client.registration.complete(o.link, { accessId, temporaryPassword, newPassword: password }));
  if (o.io.json) return printJson(o.io, { ...done, linkExpiresAt: link.expiresAt });
  o.io.info(o.t(`✓ ${done.message}\n次は: mypage login --access-id ${done.accessId}`, `✓ ${done.message}\nNext: mypage login --access-id ${done.accessId}`));
}
