import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newListCommand } from './list.js';

/* `mypage news list` — お知らせ on the home screen (R-HOME-1). */

export function newNewsCommand(f: Factory): Command {
  const cmd = new Command('news').description('Notices from the provider (お知らせ)');
  cmd.addCommand(newListCommand(f));
  return examples(cmd, ['$ mypage news list']);
}
