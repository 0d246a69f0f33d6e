import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import type { User } from '@mypage/api';
import { newAddCommand } from './add.js';
import { newListCommand } from './list.js';
import { newRemoveCommand } from './remove.js';
import { newUpdateCommand } from './update.js';

/* `mypage users list|add|update|remove` — ユーザ管理, admins only (R-USER-1..4). */

export function newUsersCommand(f: Factory): Command {
  const cmd = new Command('users').description('User management (ユーザ管理) — admins only');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newAddCommand(f));
  cmd.addCommand(newUpdateCommand(f));
  cmd.addCommand(newRemoveCommand(f));
  return examples(cmd, [
    '$ mypage users list',
    '$ mypage users add --email hanako@example.jp --name "日本 花子" --role general --notify',
    '$ mypage users update usr_123 --role admin',
    '$ mypage users remove usr_123',
  ]);
}
