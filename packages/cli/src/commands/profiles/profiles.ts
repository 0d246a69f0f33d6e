import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newListCommand } from './list.js';
import { newRemoveCommand } from './remove.js';
import { newUseCommand } from './use.js';

/* `mypage profiles list|use|remove` — several logins side by side (R-CON-2 decision). */

export function newProfilesCommand(f: Factory): Command {
  const cmd = new Command('profiles').description('Named logins (one per billing group), each with its own server and credentials');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newUseCommand(f));
  cmd.addCommand(newRemoveCommand(f));
  return examples(cmd, ['$ mypage profiles list', '$ mypage profiles use office', '$ mypage profiles remove old']);
}
