import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage dev otp --email …` — reads the newest login OTP from a dev-mode server's mailbox (D-4)
 * and prints it, so `--otp-command "mypage dev otp --email taro@example.jp"` works in demos and
 * tests. Only mails sent after MYPAGE_OTP_AFTER (set by the CLI when it runs the command) count.
 */

export interface OtpOptions extends Terminal {
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  email?: string;
  after?: string;
}

export function newOtpCommand(f: Factory, run: (o: OtpOptions) => Promise<void> = otpRun): Command {
  const cmd = new Command('otp')
    .description('Print the newest login OTP mailed to an address (dev mailbox; dev-mode servers only)')
    .option('--email <email>', 'address the OTP went to (env MYPAGE_OTP_EMAIL)')
    .option('--after <iso>', 'ignore mails sent before this instant (env MYPAGE_OTP_AFTER)')
    .action(async (o: { email?: string; after?: string }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), env: f.env, ...o }));
  return examples(cmd, ['$ mypage dev otp --email taro@example.jp', '$ mypage login --otp-command "mypage dev otp --email taro@example.jp"']);
}

export async function otpRun(o: OtpOptions): Promise<void> {
  const email = await need(o, { value: o.email, flag: '--email', env: 'MYPAGE_OTP_EMAIL', labelJa: 'メールアドレス', labelEn: 'Email' });
  const after = o.after ?? o.env.MYPAGE_OTP_AFTER;
  const client = await o.client();
  const otp = await client.dev.latestOtp(email, after ? { after } : {});
  if (o.io.json) return printJson(o.io, { email, otp });
  o.io.out(otp);
}
