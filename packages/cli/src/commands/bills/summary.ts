import { Command, Option } from 'commander';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import type { Factory } from '../../factory.js';
import { printJson, printList, yen, type Column } from '../../output/print.js';
import { barChart } from '../../bookkeeping/chart.js';
import { billsInRange } from '../../bookkeeping/fetch.js';
import { monthSpan, pick, readDepartmentMap } from '../../bookkeeping/options.js';
import { summariseBills, type BillsSummary, type SummaryRow } from '../../bookkeeping/summary.js';
import { examples } from '../help.js';

/* `mypage bills summary` — costs per line: contracts × months, tax included, reconciled with the bills (R-BILL-2, R-FMT-9). */

export interface SummaryOptions extends Terminal {
  client: ClientFactory;
  from: string;
  to?: string;
  by: 'contract' | 'month';
  departmentMap?: string;
  /** true: draw the chart even on a pipe; false: never; undefined: on a terminal */
  chart?: boolean;
  /** terminal width for the chart; default the terminal's */
  width?: number;
}

export function newSummaryCommand(f: Factory, run: (o: SummaryOptions) => Promise<void> = summaryRun): Command {
  const cmd = new Command('summary')
    .description('Costs per line: contracts × months, tax included (each contract\'s 小計 as the bill states it, the invoice\'s rounding as 端数調整); a chart of the monthly totals on a terminal')
    .requiredOption('--from <month>', 'first billing month, e.g. 2024-01')
    .option('--to <month>', 'last billing month (default: --from)')
    .addOption(new Option('--by <what>', 'rows: contracts (or departments) or months').choices(['contract', 'month']).default('contract'))
    .option('--department-map <file>', 'contract number → 部門 (`key,部門` lines or JSON): group contracts by department')
    // --chart before --no-chart: commander then leaves the value undefined when neither is given
    .option('--chart', 'draw the chart of monthly totals even when stdout is not a terminal')
    .option('--no-chart', 'no chart on a terminal')
    .action(async (o: Record<string, string | undefined> & { chart?: boolean }) =>
      run({
        ...f.terminal(),
        client: f.clientFactory(),
        from: o.from!,
        by: o.by === 'month' ? 'month' : 'contract',
        ...pick(o, ['to', 'departmentMap']),
        ...(o.chart !== undefined ? { chart: o.chart } : {}),
      }),
    );
  return examples(cmd, [
    '$ mypage bills summary --from 2024-01 --to 2024-12',
    '$ mypage bills summary --from 2024-01 --to 2024-12 --by month --department-map departments.csv',
    '$ mypage bills summary --from 2024-01 --to 2024-12 --json | jq .grandTotal',
  ]);
}

export async function summaryRun(o: SummaryOptions): Promise<void> {
  const { from, to } = await monthSpan(o.from, o.to);
  const departments = await readDepartmentMap(o.departmentMap);
  const client = await o.client();
  const bills = await o.io.spin(o.t('ご請求を取得中…', 'Fetching bills…'), () => billsInRange(client, from, to));
  const s = summariseBills(bills, departments);
  if (bills.length === 0) o.io.info(o.t(`${from}〜${to} のご請求はありません。`, `No bills from ${from} to ${to}.`));
  if (o.io.json) return printJson(o.io, { from, to, by: departments ? 'department' : o.by, ...s });
  const table = o.io.isTableOutput();
  if (!table) printTsv(o, s);
  else if (o.by === 'month') await printByMonth(o, s);
  else await printByContract(o, s, Boolean(departments));
  if (o.chart ?? o.io.isStdoutTTY) {
    const width = o.width ?? o.io.terminalWidth() ?? 80;
    const lines = barChart(s.months.map((m) => ({ label: m, value: s.totals[m]! })), width, yen, o.t('月別ご請求額（税込）', 'Monthly totals (tax included)'));
    if (lines.length) o.io.stdout.write('\n' + lines.join('\n') + '\n');
  }
}

/** Pipes: one `key<TAB>month<TAB>yen` line per cell (by month: `month<TAB>key<TAB>yen`); the cells of a month add up to its bill. */
function printTsv(o: SummaryOptions, s: BillsSummary): void {
  for (const r of s.rows) {
    for (const m of s.months) o.io.stdout.write(o.by === 'month' ? `${m}\t${r.key}\t${r.byMonth[m]}\n` : `${r.key}\t${m}\t${r.byMonth[m]}\n`);
  }
}

async function printByContract(o: SummaryOptions, s: BillsSummary, departments: boolean): Promise<void> {
  const total: SummaryRow = { key: o.t('合計', 'Total'), label: '', byMonth: s.totals, total: s.grandTotal };
  const columns: Column<SummaryRow>[] = [
    { header: departments ? o.t('部門', 'Department') : o.t('契約番号', 'Contract'), get: (r) => r.key },
    { header: departments ? o.t('契約', 'Contracts') : o.t('サービス', 'Service'), get: (r) => r.label },
    ...s.months.map((m): Column<SummaryRow> => ({ header: m, get: (r) => yen(r.byMonth[m] ?? 0), align: 'right' })),
    { header: o.t('合計', 'Total'), get: (r) => yen(r.total), align: 'right' },
  ];
  await printList(o.io, [...s.rows, total], columns);
}

async function printByMonth(o: SummaryOptions, s: BillsSummary): Promise<void> {
  type Row = { month: string; cells: Record<string, number>; total: number };
  const rows: Row[] = s.months.map((m) => ({ month: m, cells: Object.fromEntries(s.rows.map((r) => [r.key, r.byMonth[m] ?? 0])), total: s.totals[m]! }));
  rows.push({ month: o.t('合計', 'Total'), cells: Object.fromEntries(s.rows.map((r) => [r.key, r.total])), total: s.grandTotal });
  await printList(o.io, rows, [
    { header: o.t('請求月', 'Month'), get: (r) => r.month },
    ...s.rows.map((k): Column<Row> => ({ header: k.key, get: (r) => yen(r.cells[k.key] ?? 0), align: 'right' })),
    { header: o.t('合計', 'Total'), get: (r) => yen(r.total), align: 'right' },
  ]);
}
