import { Command } from 'commander';
import type { CsvEncoding } from '@mypage/api';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newExportCommand } from './export.js';
import { newSyncCommand } from './sync.js';
import { newListCommand } from './list.js';
import { newSummaryCommand } from './summary.js';

/* `mypage calls list|export|sync|summary` — 通話明細 (R-CALL-1..3, D-2, D-5). */

export const ENCODINGS = ['utf8', 'utf8-bom', 'sjis'] as const satisfies readonly CsvEncoding[];

export function newCallsCommand(f: Factory): Command {
  const cmd = new Command('calls').description('Call records (通話明細): list a month, export CSV, sync monthly files');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newExportCommand(f));
  cmd.addCommand(newSyncCommand(f));
  cmd.addCommand(newSummaryCommand(f));
  return examples(cmd, [
    '$ mypage calls list 2023-12',
    '$ mypage calls export --from 2023-12 --to 2024-06 --encoding sjis -o calls.csv',
    '$ mypage calls sync --since 2024-01 --dir call-records/',
    '$ mypage calls summary --from 2024-01 --to 2024-06 --by phone',
  ]);
}
