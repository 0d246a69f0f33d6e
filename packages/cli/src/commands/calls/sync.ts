import path from 'node:path';
import { Command, Option } from 'commander';
import type { CsvEncoding } from '@mypage/api';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage calls sync --since 2024-01 --dir DIR` — for a monthly CI job: one CSV per billed month
 * (`calls-YYYY-MM.csv`), a manifest with sha256 per file, only new or changed months written,
 * and a summary of what changed. Running it twice changes nothing the second time.
 */

export interface SyncOptions extends Terminal {
  client: ClientFactory;
  since: string;
  until?: string;
  dir: string;
  encoding: CsvEncoding;
  contract?: string;
}

export function newSyncCommand(f: Factory, run: (o: SyncOptions) => Promise<void> = syncRun): Command {
  const cmd = new Command('sync')
    .description('Keep a folder of monthly call-record CSVs up to date (manifest.json with sha256; only new or changed months written)')
    .requiredOption('--since <month>', 'first month, e.g. 2024-01')
    .option('--until <month>', 'last month (default: the newest bill)')
    .requiredOption('--dir <dir>', 'folder to keep the files in')
    .addOption(new Option('--encoding <encoding>', 'utf8, utf8-bom or sjis').choices(['utf8', 'utf8-bom', 'sjis']).default('utf8'))
    .option('--contract <number>', 'only this contract')
    .action(async (o: { since: string; until?: string; dir: string; encoding: CsvEncoding; contract?: string }) =>
      run({ ...f.terminal(), client: f.clientFactory(), since: o.since, dir: o.dir, encoding: o.encoding, ...(o.until ? { until: o.until } : {}), ...(o.contract ? { contract: o.contract } : {}) }),
    );
  return examples(cmd, [
    '$ mypage calls sync --since 2024-01 --dir call-records/',
    '$ mypage calls sync --since 2024-01 --dir call-records/ --encoding sjis --json',
  ]);
}

export async function syncRun(o: SyncOptions): Promise<void> {
  const since = await monthArg(o.since, '--since');
  const until = o.until ? await monthArg(o.until, '--until') : undefined;
  const { loadManifest, saveManifest, writeIfChanged } = await import('../../sync/manifest.js');
  const { billedMonths } = await import('../../sync/months.js');
  const { newSyncSummary, reportSync, skippableCode } = await import('../../sync/report.js');
  const client = await o.client();
  const dir = path.resolve(o.dir);
  const { manifest, text } = await loadManifest(dir, 'calls', { encoding: o.encoding, contract: o.contract ?? null });
  const summary = newSyncSummary(o.dir);
  const months = await billedMonths(o, client, since, until);
  await o.io.spin(o.t('通話明細を同期中…', 'Syncing call records…'), async () => {
    for (const month of months) {
      const name = `calls-${month}.csv`;
      let download;
      try {
        download = await client.calls.csv(month, { encoding: o.encoding, ...(o.contract ? { contract: o.contract } : {}) });
      } catch (err) {
        const code = skippableCode(err);
        if (!code) throw err;
        summary.skipped.push({ month, code });
        continue;
      }
      const change = await writeIfChanged(dir, name, month, download.toNodeStream(), manifest);
      summary[change].push(name);
    }
  });
  summary.manifestWritten = await saveManifest(dir, manifest, text);
  reportSync(o, 'calls sync', summary);
}
