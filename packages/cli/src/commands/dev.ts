import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { need } from '../input.js';
import { printJson } from '../output/print.js';
import { examples } from './help.js';

/*
 * `mypage dev otp --email …` — reads the newest login OTP from a dev-mode server's mailbox (D-4)
 * and prints it, so `--otp-command "mypage dev otp --email taro@example.jp"` works in demos and
 * tests. Only mails sent after MYPAGE_OTP_AFTER (set by the CLI when it runs the command) count.
 */

export interface DevOtpOptions {
  f: Factory;
  email?: string;
  after?: string;
}

export function newDevCommand(f: Factory): Command {
  const cmd = new Command('dev').description('Helpers for a dev-mode reference server');
  cmd.addCommand(newDevOtpCommand(f));
  return examples(cmd, ['$ mypage dev otp --email taro@example.jp']);
}

export function newDevOtpCommand(f: Factory, run: (o: DevOtpOptions) => Promise<void> = devOtpRun): Command {
  const cmd = new Command('otp')
    .description('Print the newest login OTP mailed to an address (dev mailbox; dev-mode servers only)')
    .option('--email <email>', 'address the OTP went to (env MYPAGE_OTP_EMAIL)')
    .option('--after <iso>', 'ignore mails sent before this instant (env MYPAGE_OTP_AFTER)')
    .action(async (o: { email?: string; after?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage dev otp --email taro@example.jp', '$ mypage login --otp-command "mypage dev otp --email taro@example.jp"']);
}

export async function devOtpRun(o: DevOtpOptions): Promise<void> {
  const { f } = o;
  const email = await need(f, { value: o.email, flag: '--email', env: 'MYPAGE_OTP_EMAIL', labelJa: 'メールアドレス', labelEn: 'Email' });
  const after = o.after ?? f.env.MYPAGE_OTP_AFTER;
  const client = await f.anonymousClient();
  const otp = await client.dev.latestOtp(email, after ? { after } : {});
  if (f.io.json) return printJson(f.io, { email, otp });
  f.io.out(otp);
}
