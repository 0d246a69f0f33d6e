import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { dateArg } from '../input.js';
import { reportSaved } from '../output/files.js';
import { printList } from '../output/print.js';
import { saveDownload } from '../download.js';
import { examples } from './help.js';

/* `mypage notices list|download` — 開通案内 (R-NOTICE-1, D-9). */

export interface NoticesListOptions {
  f: Factory;
  contractNumber: string;
}
export interface NoticesDownloadOptions {
  f: Factory;
  contractNumber: string;
  date?: string;
  output?: string;
}

export function newNoticesCommand(f: Factory): Command {
  const cmd = new Command('notices').description('Opening notices (開通案内) of a contract, as PDF');
  cmd.addCommand(newNoticesListCommand(f));
  cmd.addCommand(newNoticesDownloadCommand(f));
  return examples(cmd, ['$ mypage notices list CAF0000000001', '$ mypage notices download CAF0000000001 2023-12-01']);
}

export function newNoticesListCommand(f: Factory, run: (o: NoticesListOptions) => Promise<void> = noticesListRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('Issue dates of the opening notices of a contract, newest first')
    .argument('<contract-number>', '契約番号')
    .action(async (contractNumber: string) => run({ f, contractNumber }));
  return examples(cmd, ['$ mypage notices list CAF0000000001', '$ mypage notices list CAF0000000001 --json']);
}

export async function noticesListRun(o: NoticesListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const items = await f.io.spin(f.t('開通案内を取得中…', 'Fetching opening notices…'), () => client.notices.list(o.contractNumber));
  await printList(f.io, items, [
    { header: f.t('発行日', 'Date'), get: (n) => n.date },
    { header: f.t('表示', 'Label'), get: (n) => n.label },
    { header: f.t('ファイル名', 'File'), get: (n) => n.fileName },
  ]);
}

export function newNoticesDownloadCommand(f: Factory, run: (o: NoticesDownloadOptions) => Promise<void> = noticesDownloadRun): Command {
  const cmd = new Command('download')
    .description('Download an opening notice as PDF (default: the newest; file notice-<contract>-<date>.pdf)')
    .argument('<contract-number>', '契約番号')
    .argument('[date]', 'issue date, e.g. 2023-12-01 or 2023年12月01日分')
    .option('-o, --output <path>', 'file or existing folder to write to (`-` for stdout)')
    .action(async (contractNumber: string, date: string | undefined, opts: { output?: string }) =>
      run({ f, contractNumber, ...(date ? { date } : {}), ...(opts.output ? { output: opts.output } : {}) }),
    );
  return examples(cmd, ['$ mypage notices download CAF0000000001 2023-12-01', '$ mypage notices download CAF0000000001 -o notice.pdf']);
}

export async function noticesDownloadRun(o: NoticesDownloadOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  let date = o.date ? await dateArg(o.date) : undefined;
  if (!date) {
    const list = await f.io.spin(f.t('開通案内を取得中…', 'Fetching opening notices…'), () => client.notices.list(o.contractNumber));
    date = list[0]?.date;
    if (!date) {
      const { CliError, ExitCode } = await import('../errors.js');
      throw new CliError('NOTICE_NOT_FOUND', 'この契約の開通案内はありません。', 'This contract has no opening notice.', ExitCode.notFound);
    }
  }
  const d = date;
  const { normalizeContractNumber } = await import('@mypage/api');
  const fallback = `notice-${normalizeContractNumber(o.contractNumber)}-${d}.pdf`;
  const saved = await f.io.spin(f.t('ダウンロード中…', 'Downloading…'), async () => saveDownload(f, await client.notices.download(o.contractNumber, d), o.output, fallback));
  if (saved) reportSaved(f.io, f.lang, { ...saved, contractNumber: normalizeContractNumber(o.contractNumber), date: d });
}
