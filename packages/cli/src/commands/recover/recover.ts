import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newAccessIdCommand } from './access-id.js';
import { newEmailCommand } from './email.js';
import { newPasswordCommand } from './password.js';
import { newResetCommand } from './reset.js';

/* `mypage recover access-id|password|reset|email` — IDまたはパスワードをお忘れの方 (R-LOGIN-5). */

export function newRecoverCommand(f: Factory): Command {
  const cmd = new Command('recover').description('Forgot your access ID, password or registered email');
  cmd.addCommand(newAccessIdCommand(f));
  cmd.addCommand(newPasswordCommand(f));
  cmd.addCommand(newResetCommand(f));
  cmd.addCommand(newEmailCommand(f));
  return examples(cmd, [
    '$ mypage recover access-id --email taro@example.jp',
    '$ mypage recover password --access-id m95au6 --email taro@example.jp',
    '$ mypage recover reset "<URL from the mail>" --access-id m95au6',
    '$ mypage recover email --contract CAF0000000001 --postal-code 534-0024 --name "日本 太郎"',
  ]);
}
