import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newMailCommand } from './mail.js';
import { newOtpCommand } from './otp.js';

export function newDevCommand(f: Factory): Command {
  const cmd = new Command('dev').description('Helpers for a dev-mode reference server');
  cmd.addCommand(newOtpCommand(f));
  cmd.addCommand(newMailCommand(f));
  return examples(cmd, ['$ mypage dev otp --email taro@example.jp', '$ mypage dev mail --to taro@example.jp --last']);
}
