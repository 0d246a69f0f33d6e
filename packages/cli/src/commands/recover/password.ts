import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { done } from './done.js';

export interface PasswordOptions extends Terminal {
  client: ClientFactory;
  accessId?: string;
  email?: string;
}

export function newPasswordCommand(f: Factory, run: (o: PasswordOptions) => Promise<void> = passwordRun): Command {
  const cmd = new Command('password')
    .description('Mail a password-reset link (valid 10 days, once)')
    .option('--access-id <id>', 'アクセスID')
    .option('--email <email>', 'registered email')
    .action(async (o: { accessId?: string; email?: string }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), ...o }));
  return examples(cmd, ['$ mypage recover password --access-id m95au6 --email taro@example.jp']);
}

export async function passwordRun(o: PasswordOptions): Promise<void> {
  const accessId = await need(o, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID' });
  const email = await need(o, { value: o.email, flag: '--email', labelJa: '登録メールアドレス', labelEn: 'Registered email' });
  const client = await o.client();
  done(o, await o.io.spin(o.t('送信中…', 'Sending…'), () => client.recovery.password({ accessId, email })), 'If this access ID and email address are registered, a password reset URL has been sent. Please check your mail.');
}
