import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { done } from './done.js';

export interface AccessIdOptions extends Terminal {
  client: ClientFactory;
  email?: string;
}

export function newAccessIdCommand(f: Factory, run: (o: AccessIdOptions) => Promise<void> = accessIdRun): Command {
  const cmd = new Command('access-id')
    .description('Mail your access ID to the registered address')
    .option('--email <email>', 'registered email')
    .action(async (o: { email?: string }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), ...o }));
  return examples(cmd, ['$ mypage recover access-id --email taro@example.jp']);
}

export async function accessIdRun(o: AccessIdOptions): Promise<void> {
  const email = await need(o, { value: o.email, flag: '--email', labelJa: '登録メールアドレス', labelEn: 'Registered email' });
  const client = await o.client();
  done(o, await o.io.spin(o.t('送信中…', 'Sending…'), () => client.recovery.accessId({ email })), 'If this email address is registered, your access ID has been sent to it. Please check your mail.');
}
