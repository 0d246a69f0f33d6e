import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { dateArg } from '../../input.js';
import { reportSaved } from '../../output/files.js';
import { refuseBinaryToTerminal, saveDownload } from '../../download.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface DownloadOptions extends Terminal {
  client: ClientFactory;
  contractNumber: string;
  date?: string;
  output?: string;
}

export function newDownloadCommand(f: Factory, run: (o: DownloadOptions) => Promise<void> = downloadRun): Command {
  const cmd = new Command('download')
    .description('Download an opening notice as PDF (default: the newest; file notice-<contract>-<date>.pdf)')
    .argument('<contract-number>', '契約番号')
    .argument('[date]', 'issue date, e.g. 2023-12-01 or 2023年12月01日分')
    .option('-o, --output <path>', 'file or existing folder to write to (`-` for stdout)')
    .action(async (contractNumber: string, date: string | undefined, opts: { output?: string }) =>
      run({ ...f.terminal(), client: f.clientFactory(), contractNumber, ...(date ? { date } : {}), ...(opts.output ? { output: opts.output } : {}) }),
    );
  return examples(cmd, ['$ mypage notices download CAF0000000001 2023-12-01', '$ mypage notices download CAF0000000001 -o notice.pdf']);
}

export async function downloadRun(o: DownloadOptions): Promise<void> {
  refuseBinaryToTerminal(o, o.output);
  const client = await o.client();
  let date = o.date ? await dateArg(o.date) : undefined;
  if (!date) {
    const list = await o.io.spin(o.t('開通案内を取得中…', 'Fetching opening notices…'), () => client.notices.list(o.contractNumber));
    date = list[0]?.date;
    if (!date) {
      const { CliError, ExitCode } = await import('../../errors.js');
      throw new CliError('NOTICE_NOT_FOUND', 'この契約の開通案内はありません。', 'This contract has no opening notice.', ExitCode.notFound);
    }
  }
  const d = date;
  const { normalizeContractNumber } = await import('@mypage/api');
  const fallback = `notice-${normalizeContractNumber(o.contractNumber)}-${d}.pdf`;
  const saved = await o.io.spin(o.t('ダウンロード中…', 'Downloading…'), async () => saveDownload(o, await client.notices.download(o.contractNumber, d), o.output, fallback));
  if (saved) reportSaved(o.io, o.lang, { ...saved, contractNumber: normalizeContractNumber(o.contractNumber), date: d });
}
