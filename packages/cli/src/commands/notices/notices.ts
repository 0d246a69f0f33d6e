import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newDownloadCommand } from './download.js';
import { newListCommand } from './list.js';

/* `mypage notices list|download` — 開通案内 (R-NOTICE-1, D-9). */

export function newNoticesCommand(f: Factory): Command {
  const cmd = new Command('notices').description('Opening notices (開通案内) of a contract, as PDF');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newDownloadCommand(f));
  return examples(cmd, ['$ mypage notices list CAF0000000001', '$ mypage notices download CAF0000000001 2023-12-01']);
}
