import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage bills sync --since 2024-01 --dir DIR` — per billed month `bill-YYYY-MM.json` (the
 * breakdown) and `invoice-YYYY-MM.pdf`, with a sha256 manifest. An issued invoice is stored once
 * by the server (R-BILL-3) with an ETag: a PDF kept with its ETag is asked for with If-None-Match
 * and fetched again only when the server has other bytes (304 otherwise), so a re-published
 * invoice is caught even when the bill JSON is the same. A PDF kept without an ETag (a server
 * that sends none) is fetched again only when the bill JSON changed or the PDF is missing.
 */

export interface SyncOptions extends Terminal {
  client: ClientFactory;
  since: string;
  until?: string;
  dir: string;
}

export function newSyncCommand(f: Factory, run: (o: SyncOptions) => Promise<void> = syncRun): Command {
  const cmd = new Command('sync')
    .description('Keep a folder of monthly bills (JSON) and invoice PDFs up to date (manifest.json with sha256)')
    .requiredOption('--since <month>', 'first month, e.g. 2024-01')
    .option('--until <month>', 'last month (default: the newest bill)')
    .requiredOption('--dir <dir>', 'folder to keep the files in')
    .action(async (o: { since: string; until?: string; dir: string }) => run({ ...f.terminal(), client: f.clientFactory(), since: o.since, dir: o.dir, ...(o.until ? { until: o.until } : {}) }));
  return examples(cmd, ['$ mypage bills sync --since 2024-01 --dir bills/', '$ mypage bills sync --since 2023-07 --until 2023-12 --dir bills/ --json']);
}

export async function syncRun(o: SyncOptions): Promise<void> {
  const since = await monthArg(o.since, '--since');
  const until = o.until ? await monthArg(o.until, '--until') : undefined;
  const { loadManifest, saveManifest, sameAsManifest, writeIfChanged } = await import('../../sync/manifest.js');
  const { billedMonths } = await import('../../sync/months.js');
  const { newSyncSummary, reportSync, skippableCode } = await import('../../sync/report.js');
  const { existsSync } = await import('node:fs');
  const client = await o.client();
  const dir = path.resolve(o.dir);
  const { manifest, text } = await loadManifest(dir, 'bills', {});
  const summary = newSyncSummary(o.dir);
  const months = await billedMonths(o, client, since, until);
  await o.io.spin(o.t('ご請求を同期中…', 'Syncing bills…'), async () => {
    for (const month of months) {
      let bill;
      try {
        bill = await client.bills.get(month);
      } catch (err) {
        const code = skippableCode(err);
        if (!code) throw err;
        summary.skipped.push({ month, code });
        continue;
      }
      const jsonName = `bill-${month}.json`;
      const jsonChange = await writeIfChanged(dir, jsonName, month, Readable.from([Buffer.from(JSON.stringify(bill, null, 2) + '\n')]), manifest);
      summary[jsonChange].push(jsonName);
      const pdfName = `invoice-${month}.pdf`;
      const kept = manifest.files[pdfName];
      const pdfFile = path.join(dir, pdfName);
      let pdf;
      if (kept?.etag && (await sameAsManifest(pdfFile, kept))) {
        pdf = await client.bills.invoiceIfChanged(month, kept.etag);
        if (pdf === null) {
          summary.unchanged.push(pdfName);
          continue;
        }
      } else if (!kept?.etag && jsonChange === 'unchanged' && kept && existsSync(pdfFile)) {
        summary.unchanged.push(pdfName);
        continue;
      } else {
        pdf = await client.bills.invoice(month);
      }
      const pdfChange = await writeIfChanged(dir, pdfName, month, pdf.toNodeStream(), manifest);
      if (pdf.etag) manifest.files[pdfName]!.etag = pdf.etag;
      else delete manifest.files[pdfName]!.etag;
      summary[pdfChange].push(pdfName);
    }
  });
  summary.manifestWritten = await saveManifest(dir, manifest, text);
  reportSync(o, 'bills sync', summary);
}
