import { Command } from 'commander';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printHeading, printList, yen } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
  year?: number;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('Billing months of a year, newest first (年度選択 = calendar year); default the latest year')
    .option('--year <yyyy>', 'calendar year, e.g. 2023')
    .action(async (o: { year?: string }) => {
      let year: number | undefined;
      if (o.year !== undefined) {
        year = Number(o.year);
        if (!/^\d{4}$/.test(o.year)) throw usageError(`年の形式が正しくありません: ${o.year}`, `Invalid --year: ${o.year} (e.g. 2023)`);
      }
      return run({ ...f.terminal(), client: f.clientFactory(), ...(year !== undefined ? { year } : {}) });
    });
  return examples(cmd, ['$ mypage bills list', '$ mypage bills list --year 2023 --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const list = await o.io.spin(o.t('ご請求を取得中…', 'Fetching bills…'), () => client.bills.list(o.year !== undefined ? { year: o.year } : {}));
  await printList(
    o.io,
    list.months,
    [
      { header: o.t('請求月', 'Month'), get: (m) => m.month },
      { header: o.t('合計', 'Total'), get: (m) => (o.io.isTableOutput() ? yen(m.total) : m.total), align: 'right' },
      { header: o.t('発行日', 'Issued'), get: (m) => m.issuedOn },
      { header: o.t('振替日', 'Due'), get: (m) => m.dueDate },
    ],
    list,
    { empty: list.year === null ? o.t('ご請求はありません。', 'No bills.') : o.t(`${list.year}年のご請求はありません。`, `No bills in ${list.year}.`) },
  );
  const others = list.years.filter((y) => y !== list.year);
  if (o.io.isTableOutput() && others.length > 0) printHeading(o.io, o.t(`他の年: ${others.join(', ')}（--year で指定）`, `Other years: ${others.join(', ')} (use --year)`));
}
