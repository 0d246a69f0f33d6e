import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { reportSaved } from '../../output/files.js';
import { downloadTarget, refuseBinaryToTerminal, saveDownload } from '../../download.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { latestMonth } from './latest.js';

export interface DownloadOptions extends Terminal {
  client: ClientFactory;
  month?: string;
  output?: string;
  /** replace an existing file (otherwise FILE_EXISTS, exit 2) */
  clobber: boolean;
}

export function newDownloadCommand(f: Factory, run: (o: DownloadOptions) => Promise<void> = downloadRun): Command {
  const cmd = new Command('download')
    .description('Download the invoice / direct-debit notice PDF of a month; default the latest, file invoice-YYYY-MM.pdf')
    .argument('[month]', 'billing month, e.g. 2023-10')
    .option('-o, --output <path>', 'file or existing folder to write to (`-` for stdout)')
    .option('--clobber', 'overwrite an existing file', false)
    .action(async (month: string | undefined, opts: { output?: string; clobber: boolean }) =>
      run({ ...f.terminal(), client: f.clientFactory(), ...(month ? { month } : {}), ...(opts.output ? { output: opts.output } : {}), clobber: opts.clobber }),
    );
  return examples(cmd, ['$ mypage bills download 2023-10', '$ mypage bills download 2023-10 -o ~/invoices/2023-10.pdf', '$ mypage bills download -o - | pdftotext - -']);
}

export async function downloadRun(o: DownloadOptions): Promise<void> {
  refuseBinaryToTerminal(o, o.output);
  const client = await o.client();
  const month = o.month ? await monthArg(o.month) : await latestMonth(o, client);
  const target = await downloadTarget(o.output, `invoice-${month}.pdf`, o.clobber);
  const saved = await o.io.spin(o.t('請求書をダウンロード中…', 'Downloading the invoice…'), async () => saveDownload(o, await client.bills.invoice(month), target, o.clobber));
  if (saved) reportSaved(o.io, o.lang, { ...saved, month });
}
