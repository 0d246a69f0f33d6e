import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newListCommand } from './list.js';
import { newShowCommand } from './show.js';

/* `mypage contracts list|show` — ご契約内容の確認 (R-HOME-2, R-CON-1..3). */

export function newContractsCommand(f: Factory): Command {
  const cmd = new Command('contracts').description('Contracts of your billing group (ご契約内容)');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newShowCommand(f));
  return examples(cmd, ['$ mypage contracts list', '$ mypage contracts show CAF0000000001']);
}
