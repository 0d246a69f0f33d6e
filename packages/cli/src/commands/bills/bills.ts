import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newSyncCommand } from './sync.js';
import { newArchiveCommand } from './archive/archive.js';
import { newDownloadCommand } from './download.js';
import { newListCommand } from './list.js';
import { newShowCommand } from './show.js';
import { newExportCommand } from './export.js';
import { newSummaryCommand } from './summary.js';
import { newWatchCommand } from './watch.js';

/*
 * `mypage bills list|show|download|sync` — ご請求内容の確認 (R-BILL-1..4, R-FMT-9, D-1, D-8);
 * `archive` — the invoice archive (D-10); `export|summary|watch` — bookkeeping: journal entries,
 * costs per line, the bill-shock alarm (D-11).
 */

export function newBillsCommand(f: Factory): Command {
  const cmd = new Command('bills').description('Bills (ご請求): months, breakdowns, invoice PDFs');
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newShowCommand(f));
  cmd.addCommand(newDownloadCommand(f));
  cmd.addCommand(newSyncCommand(f));
  cmd.addCommand(newArchiveCommand(f));
  cmd.addCommand(newExportCommand(f));
  cmd.addCommand(newSummaryCommand(f));
  cmd.addCommand(newWatchCommand(f));
  return examples(cmd, ['$ mypage bills list --year 2023', '$ mypage bills show 2023-10', '$ mypage bills download 2023-10', '$ mypage bills sync --since 2024-01 --dir bills/', '$ mypage bills archive --dir 証憑/']);
}
