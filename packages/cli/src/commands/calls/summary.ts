import { Command, Option } from 'commander';
import type { CallRecord } from '@mypage/api';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import type { Factory } from '../../factory.js';
import { printJson, printList, yen } from '../../output/print.js';
import { summariseCalls, type CallsGroupBy, type CallsSummaryRow } from '../../bookkeeping/calls-summary.js';
import { callsOfMonth } from '../../bookkeeping/fetch.js';
import { monthRange } from '../../bookkeeping/months.js';
import { monthSpan, pick, readDepartmentMap } from '../../bookkeeping/options.js';
import { examples } from '../help.js';

/* `mypage calls summary` — call counts, minutes and charges per phone number or usage type (R-CALL-2, D-2). */

export interface SummaryOptions extends Terminal {
  client: ClientFactory;
  from: string;
  to?: string;
  by: CallsGroupBy;
  departmentMap?: string;
}

export function newSummaryCommand(f: Factory, run: (o: SummaryOptions) => Promise<void> = summaryRun): Command {
  const cmd = new Command('summary')
    .description('Call counts, minutes and charges per phone number (回線) or usage type (利用種類) over billing months')
    .requiredOption('--from <month>', 'first billing month, e.g. 2023-12')
    .option('--to <month>', 'last billing month (default: --from)')
    .addOption(new Option('--by <what>', 'rows: phone numbers or usage types').choices(['phone', 'type']).default('phone'))
    .option('--department-map <file>', 'phone (or contract) number → 部門 (`key,部門` lines or JSON): group by department')
    .action(async (o: Record<string, string | undefined>) =>
      run({ ...f.terminal(), client: f.clientFactory(), from: o.from!, by: o.by === 'type' ? 'type' : 'phone', ...pick(o, ['to', 'departmentMap']) }),
    );
  return examples(cmd, [
    '$ mypage calls summary --from 2024-01 --to 2024-06',
    '$ mypage calls summary --from 2024-01 --to 2024-06 --by type',
    '$ mypage calls summary --from 2024-01 --to 2024-06 --department-map departments.csv --json',
  ]);
}

export async function summaryRun(o: SummaryOptions): Promise<void> {
  const { from, to } = await monthSpan(o.from, o.to);
  const departments = await readDepartmentMap(o.departmentMap);
  const client = await o.client();
  const months: string[] = [];
  const skipped: string[] = [];
  const records: CallRecord[] = [];
  await o.io.spin(o.t('通話明細を取得中…', 'Fetching call records…'), async () => {
    for (const m of monthRange(from, to)) {
      const got = await callsOfMonth(client, m);
      if (got === null) skipped.push(m);
      else {
        months.push(m);
        records.push(...got);
      }
    }
  });
  if (skipped.length) o.io.info(o.t(`通話明細のない月（申込み前・ご請求なし）は除きました: ${skipped.join(', ')}`, `Months without call records (not applied for, or no bill) left out: ${skipped.join(', ')}`));
  const s = summariseCalls(records, o.by, departments);
  if (o.io.json) return printJson(o.io, { from, to, months, skipped, ...s });
  const table = o.io.isTableOutput();
  const hms = (sec: number) => `${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
  const keyHeader = s.by === 'department' ? o.t('部門', 'Department') : s.by === 'phone' ? o.t('電話番号', 'Phone') : o.t('利用種類', 'Usage type');
  await printList<CallsSummaryRow>(o.io, table ? [...s.rows, s.total] : s.rows, [
    { header: keyHeader, get: (r) => r.key },
    { header: o.t('件数', 'Calls'), get: (r) => r.calls, align: 'right' },
    ...(table ? [{ header: o.t('通話時間', 'Duration'), get: (r: CallsSummaryRow) => hms(r.durationSeconds), align: 'right' as const }] : []),
    { header: o.t('分', 'Minutes'), get: (r) => r.minutes, align: 'right' },
    { header: o.t('料金', 'Charge'), get: (r) => (table ? yen(r.charge) : r.charge), align: 'right' },
  ]);
}
