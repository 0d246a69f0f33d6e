import { Command } from 'commander';
import type { Bill, CallRecord } from '@mypage/api';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { CliError, ExitCode, usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson, printList, yen } from '../../output/print.js';
import { billMonthsInRange, callsOfMonth } from '../../bookkeeping/fetch.js';
import { monthFromIndex, monthIndex } from '../../bookkeeping/months.js';
import { pick } from '../../bookkeeping/options.js';
import { DEFAULT_MIN_RISE, parseThreshold, watchBills, type WatchItem } from '../../bookkeeping/watch.js';
import { examples } from '../help.js';

/*
 * `mypage bills watch` — the bill-shock alarm for CI: the newest bill against the average of the
 * months before it, per contract and per phone number's call charges; exit code 7 (D-11) when
 * anything rose past the threshold.
 */

export interface WatchOptions extends Terminal {
  client: ClientFactory;
  threshold?: string;
  months?: string;
  minRise?: string;
}

export function newWatchCommand(f: Factory, run: (o: WatchOptions) => Promise<void> = watchRun): Command {
  const cmd = new Command('watch')
    .description('Bill-shock alarm: the newest bill against the average of the months before, per contract and per phone number; exit code 7 when something rose past the threshold')
    .option('--threshold <percent>', 'rise that alarms, e.g. 20% (default 20%)')
    .option('--months <n>', 'months before the newest to average (default 3)')
    .option('--min-rise <yen>', `a rise of fewer yen never alarms (default ${DEFAULT_MIN_RISE})`)
    .action(async (o: Record<string, string | undefined>) => run({ ...f.terminal(), client: f.clientFactory(), ...pick(o, ['threshold', 'months', 'minRise']) }));
  return examples(cmd, [
    '$ mypage bills watch',
    '$ mypage bills watch --threshold 30% --months 6 || notify-send "bill shock"',
    '$ mypage bills watch --json | jq \'.risen[] | {key, newest, average}\'',
  ]);
}

function whole(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw usageError(`${flag} は${min}〜${max}の整数で指定してください: ${text}`, `${flag} must be a whole number from ${min} to ${max}: ${text}`);
  return n;
}

export async function watchRun(o: WatchOptions): Promise<void> {
  const threshold = o.threshold === undefined ? 0.2 : parseThreshold(o.threshold);
  if (threshold === null) throw usageError(`--threshold は 20% のように指定してください: ${o.threshold}`, `--threshold must be a percentage such as 20%: ${o.threshold}`);
  const span = whole(o.months, '--months', 3, 1, 36);
  const minRise = whole(o.minRise, '--min-rise', DEFAULT_MIN_RISE, 0, 100_000_000);
  const client = await o.client();
  const { newest, previous, calls } = await o.io.spin(o.t('ご請求を取得中…', 'Fetching bills…'), async () => {
    const list = await client.bills.list({});
    const latest = list.months[0]?.month;
    if (!latest) throw new CliError('BILL_NOT_FOUND', 'ご請求はまだありません。', 'There is no bill yet.', ExitCode.notFound);
    const first = monthFromIndex(monthIndex(latest) - span);
    const months = await billMonthsInRange(client, first, latest);
    const bills: Bill[] = [];
    for (const m of months) bills.push(await client.bills.get(m));
    const calls = new Map<string, CallRecord[]>();
    for (const m of months) {
      const got = await callsOfMonth(client, m);
      if (got) calls.set(m, got);
    }
    return { newest: bills[bills.length - 1]!, previous: bills.slice(0, -1), calls };
  });
  const result = watchBills({ newest, previous, calls, threshold, minRise });
  const pct = (c: number | null) => (c === null ? o.t('新規', 'new') : `${c >= 0 ? '+' : ''}${(c * 100).toFixed(1)}%`);
  if (o.io.json) printJson(o.io, result);
  else {
    const table = o.io.isTableOutput();
    if (table) {
      o.io.out(o.t(
        `${result.month} を前の ${previous.map((b) => b.month).join(', ') || '（なし）'} の平均と比べました（閾値 ${(threshold * 100).toFixed(0)}%、${minRise.toLocaleString('ja-JP')}円未満の増加は除く）`,
        `${result.month} against the average of ${previous.map((b) => b.month).join(', ') || '(none)'} (threshold ${(threshold * 100).toFixed(0)}%, rises under ${minRise.toLocaleString('en-US')} yen ignored)`,
      ));
    }
    await printList<WatchItem>(o.io, result.items, [
      { header: o.t('種類', 'Kind'), get: (i) => (table ? (i.kind === 'contract' ? o.t('契約', 'contract') : o.t('通話料', 'calls')) : i.kind) },
      { header: o.t('契約番号/電話番号', 'Contract / phone'), get: (i) => i.key },
      { header: o.t('前の平均', 'Average before'), get: (i) => (table ? yen(i.average) : i.average), align: 'right' },
      { header: result.month, get: (i) => (table ? yen(i.newest) : i.newest), align: 'right' },
      { header: o.t('増減', 'Change'), get: (i) => pct(i.change), align: 'right' },
      { header: '', get: (i) => (i.risen ? (table ? o.t('▲ 上昇', '▲ rose') : 'risen') : '') },
    ]);
  }
  if (result.risen.length > 0) {
    const list = result.risen.map((i) => `${i.key} ${pct(i.change)} (${yen(i.average)} → ${yen(i.newest)})`).join(', ');
    throw new CliError(
      'BILL_RISE',
      `${result.month} のご請求で ${(threshold * 100).toFixed(0)}% を超えて上がったものがあります: ${list}`,
      `Charges of ${result.month} rose more than ${(threshold * 100).toFixed(0)}%: ${list}`,
      ExitCode.billRise,
    );
  }
}
