import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newSyncCommand } from './sync.js';
import { newDownloadCommand } from './download.js';
import { newListCommand } from './list.js';
import { newShowCommand } from './show.js';

/* `mypage bills list|show|download|sync` — ご請求内容の確認 (R-BILL-1..4, R-FMT-9, D-1, D-8). */

export function newBillsCommand(f: Factory): Command {
  const cmd = new Command('bills').description('Bills (ご請求): months, breakdowns, invoice PDFs');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newShowCommand(f));
  cmd.addCommand(newDownloadCommand(f));
  cmd.addCommand(newSyncCommand(f));
  return examples(cmd, ['$ mypage bills list --year 2023', '$ mypage bills show 2023-10', '$ mypage bills download 2023-10', '$ mypage bills sync --since 2024-01 --dir bills/']);
}
