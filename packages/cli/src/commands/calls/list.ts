import { Command, Option } from 'commander';
import type { CallRecord } from '@mypage/api';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { printList, yen } from '../../output/print.js';
import { formatJst } from '../../time.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
  month: string;
  contract?: string;
  phone?: string;
  limit?: number;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('Call records of a billing month: 日時, 利用種類, 通話元, 通話先, 通話時間, 料金')
    .argument('<month>', 'billing month, e.g. 2023-12')
    .option('--contract <number>', 'only this contract')
    .option('--phone <number>', 'only calls from this number')
    .addOption(new Option('--limit <n>', 'at most this many records').argParser((v) => Number(v)))
    .action(async (month: string, o: { contract?: string; phone?: string; limit?: number }) =>
      run({ ...f.terminal(), client: f.clientFactory(), month, ...(o.contract ? { contract: o.contract } : {}), ...(o.phone ? { phone: o.phone } : {}), ...(o.limit !== undefined ? { limit: o.limit } : {}) }),
    );
  return examples(cmd, ['$ mypage calls list 2023-12', '$ mypage calls list 2023-12 --phone 0611115555 --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1)) {
    const { usageError } = await import('../../errors.js');
    throw usageError('--limit は1以上の整数で指定してください。', '--limit must be a whole number of at least 1.');
  }
  const month = await monthArg(o.month);
  const client = await o.client();
  const { formatDuration } = await import('@mypage/api');
  const items: CallRecord[] = await o.io.spin(o.t('通話明細を取得中…', 'Fetching call records…'), async () => {
    const out: CallRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.calls.page(month, {
        ...(o.contract ? { contract: o.contract } : {}),
        ...(o.phone ? { phone: o.phone } : {}),
        ...(cursor ? { cursor } : {}),
        limit: Math.min(1000, o.limit ?? 1000),
      });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && (o.limit === undefined || out.length < o.limit));
    return o.limit === undefined ? out : out.slice(0, o.limit);
  });
  const table = o.io.isTableOutput();
  await printList(
    o.io,
    items,
    [
      { header: '日時', get: (r) => formatJst(r.startedAt).replace(/ JST$/, '') },
      { header: '利用種類', get: (r) => r.usageType, truncate: true },
      { header: '通話元', get: (r) => r.from },
      { header: '通話先', get: (r) => r.to },
      { header: '通話時間', get: (r) => formatDuration(r.durationSeconds) },
      { header: '料金', get: (r) => (table ? `${r.charge}円` : r.charge), align: 'right' },
    ],
    items,
    { empty: o.t(`${month} の通話明細はありません。`, `No call records for ${month}.`) },
  );
  // the count and total under the table, for a person; a pipe and --json stay rows only
  if (table && items.length > 0) o.io.out(callsFooter(items, o.t));
}

/** `57件 / 2,024円` — the calls listed and their charges. */
export function callsFooter(items: readonly CallRecord[], t: Terminal['t']): string {
  const total = yen(items.reduce((sum, r) => sum + r.charge, 0));
  const n = items.length.toLocaleString('ja-JP');
  return t(`${n}件 / ${total}`, `${n} ${items.length === 1 ? 'call' : 'calls'} / ${total}`);
}
