import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need, newPassword } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { done } from './done.js';

export interface ResetOptions extends Terminal {
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  link: string;
  accessId?: string;
  passwordStdin: boolean;
}

export function newResetCommand(f: Factory, run: (o: ResetOptions) => Promise<void> = resetRun): Command {
  const cmd = new Command('reset')
    .description('Set a new password from the reset link')
    .argument('<url-or-token>', 'the URL from the reset mail, or its token')
    .option('--access-id <id>', 'アクセスID')
    .option('--password-stdin', 'read the new password from stdin (env MYPAGE_NEW_PASSWORD)', false)
    .action(async (link: string, o: { accessId?: string; passwordStdin: boolean }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), env: f.env, link, ...o }));
  return examples(cmd, ['$ mypage recover reset "<URL>" --access-id m95au6', '$ echo newpass2024 | mypage recover reset <URL> --access-id m95au6 --password-stdin']);
}

export async function resetRun(o: ResetOptions): Promise<void> {
  const accessId = await need(o, { value: o.accessId, flag: '--access-id', labelJa: 'アクセスID', labelEn: 'Access ID' });
  const password = await newPassword(o, { ...(o.passwordStdin ? { passwordStdin: true } : {}), env: 'MYPAGE_NEW_PASSWORD' });
  const client = await o.client();
  done(o, await o.io.spin(o.t('変更中…', 'Resetting…'), () => client.recovery.resetPassword(o.link, { accessId, newPassword: password })), 'Your password has been reset. Log in with the new password.');
}
