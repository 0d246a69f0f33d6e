import { Command } from 'commander';
import type { MyPageClient } from '@mypage/sdk';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { monthArg } from '../input.js';
import { reportSaved } from '../output/files.js';
import { printFields, printHeading, printJson, printList, yen } from '../output/print.js';
import { saveDownload } from '../download.js';
import { examples } from './help.js';
import { newBillsSyncCommand } from './bills-sync.js';

/* `mypage bills list|show|download|sync` — ご請求内容の確認 (R-BILL-1..4, R-FMT-9, D-1, D-8). */

export interface BillsListOptions {
  f: Factory;
  year?: number;
}
export interface BillsShowOptions {
  f: Factory;
  month?: string;
}
export interface BillsDownloadOptions {
  f: Factory;
  month?: string;
  output?: string;
}

export function newBillsCommand(f: Factory): Command {
  const cmd = new Command('bills').description('Bills (ご請求): months, breakdowns, invoice PDFs');
  cmd.addCommand(newBillsListCommand(f));
  cmd.addCommand(newBillsShowCommand(f));
  cmd.addCommand(newBillsDownloadCommand(f));
  cmd.addCommand(newBillsSyncCommand(f));
  return examples(cmd, ['$ mypage bills list --year 2023', '$ mypage bills show 2023-10', '$ mypage bills download 2023-10', '$ mypage bills sync --since 2024-01 --dir bills/']);
}

export function newBillsListCommand(f: Factory, run: (o: BillsListOptions) => Promise<void> = billsListRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('Billing months of a year, newest first (年度選択 = calendar year, D-1); default the latest year')
    .option('--year <yyyy>', 'calendar year, e.g. 2023')
    .action(async (o: { year?: string }) => {
      let year: number | undefined;
      if (o.year !== undefined) {
        year = Number(o.year);
        if (!/^\d{4}$/.test(o.year)) throw usageError(`年の形式が正しくありません: ${o.year}`, `Invalid --year: ${o.year} (e.g. 2023)`);
      }
      return run({ f, ...(year !== undefined ? { year } : {}) });
    });
  return examples(cmd, ['$ mypage bills list', '$ mypage bills list --year 2023 --json']);
}

export async function billsListRun(o: BillsListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const list = await f.io.spin(f.t('ご請求を取得中…', 'Fetching bills…'), () => client.bills.list(o.year !== undefined ? { year: o.year } : {}));
  await printList(
    f.io,
    list.months,
    [
      { header: f.t('請求月', 'Month'), get: (m) => m.month },
      { header: f.t('合計', 'Total'), get: (m) => (f.io.isTableOutput() ? yen(m.total) : m.total), align: 'right' },
      { header: f.t('発行日', 'Issued'), get: (m) => m.issuedOn },
      { header: f.t('振替日', 'Due'), get: (m) => m.dueDate },
    ],
    list,
  );
  const others = list.years.filter((y) => y !== list.year);
  if (f.io.isTableOutput() && others.length > 0) printHeading(f.io, f.t(`他の年: ${others.join(', ')}（--year で指定）`, `Other years: ${others.join(', ')} (use --year)`));
}

/** The newest billing month, for commands whose month is optional. */
export async function latestMonth(f: Factory, client: MyPageClient): Promise<string> {
  const list = await f.io.spin(f.t('ご請求を取得中…', 'Fetching bills…'), () => client.bills.list({}));
  const m = list.months[0]?.month;
  if (!m) throw new CliError('BILL_NOT_FOUND', 'ご請求はまだありません。', 'There is no bill yet.', ExitCode.notFound);
  return m;
}

export function newBillsShowCommand(f: Factory, run: (o: BillsShowOptions) => Promise<void> = billsShowRun): Command {
  const cmd = new Command('show')
    .description('Breakdown of a month per contract: items, 10%対象計, 消費税, 小計, total (R-BILL-2); default the latest month')
    .argument('[month]', 'billing month, e.g. 2023-10, 2023/10, 202310')
    .action(async (month: string | undefined) => run({ f, ...(month ? { month } : {}) }));
  return examples(cmd, ['$ mypage bills show', '$ mypage bills show 2023-10', '$ mypage bills show 2023-10 --json | jq .total']);
}

export async function billsShowRun(o: BillsShowOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const month = o.month ? await monthArg(o.month) : await latestMonth(f, client);
  const bill = await f.io.spin(f.t('ご請求を取得中…', 'Fetching the bill…'), () => client.bills.get(month));
  if (f.io.json) return printJson(f.io, bill);
  const table = f.io.isTableOutput();
  const money = (n: number) => (table ? yen(n) : n);
  await printFields(f.io, [
    [f.t('ご請求年月', 'Billing month'), bill.month],
    [f.t('ご請求番号', 'Billing ID'), bill.billingId],
    [f.t('お客様番号', 'Customer number'), bill.customerNumber],
    [f.t('宛名', 'Recipient'), bill.recipientName],
    [f.t('発行日', 'Issued'), bill.issuedOn],
    [f.t('振替日', 'Due date'), bill.dueDate],
    [f.t('ご利用期間', 'Billing period'), `${bill.billingPeriod.from} – ${bill.billingPeriod.to}`],
    [f.t('通話料', 'Call charges'), money(bill.callCharges)],
    [f.t('次回振替（合計）', 'Total'), money(bill.total)],
  ]);
  type Row = { contract: string; item: string; amount: number; remarks: string };
  const rows: Row[] = [];
  for (const c of bill.contracts) {
    for (const it of c.items) rows.push({ contract: c.contractNumber, item: it.name, amount: it.amount, remarks: it.remarks });
    for (const tx of c.taxes) {
      rows.push({ contract: c.contractNumber, item: `${tx.rate}%対象計`, amount: tx.taxableTotal, remarks: '' });
      rows.push({ contract: c.contractNumber, item: `消費税（${tx.rate}%）`, amount: tx.tax, remarks: '' });
    }
    rows.push({ contract: c.contractNumber, item: '小計', amount: c.subtotal, remarks: '' });
  }
  printHeading(f.io, f.t('料金内訳', 'Breakdown'));
  await printList(f.io, rows, [
    { header: f.t('契約番号', 'Contract'), get: (r) => r.contract },
    { header: f.t('項目', 'Item'), get: (r) => r.item },
    { header: f.t('金額', 'Amount'), get: (r) => money(r.amount), align: 'right' },
    { header: f.t('備考', 'Remarks'), get: (r) => r.remarks },
  ]);
}

export function newBillsDownloadCommand(f: Factory, run: (o: BillsDownloadOptions) => Promise<void> = billsDownloadRun): Command {
  const cmd = new Command('download')
    .description('Download the invoice / direct-debit notice PDF of a month (R-BILL-3); default the latest, file invoice-YYYY-MM.pdf')
    .argument('[month]', 'billing month, e.g. 2023-10')
    .option('-o, --output <path>', 'file or existing folder to write to (`-` for stdout)')
    .action(async (month: string | undefined, opts: { output?: string }) => run({ f, ...(month ? { month } : {}), ...(opts.output ? { output: opts.output } : {}) }));
  return examples(cmd, ['$ mypage bills download 2023-10', '$ mypage bills download 2023-10 -o ~/invoices/2023-10.pdf', '$ mypage bills download -o - | pdftotext - -']);
}

export async function billsDownloadRun(o: BillsDownloadOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const month = o.month ? await monthArg(o.month) : await latestMonth(f, client);
  const saved = await f.io.spin(f.t('請求書をダウンロード中…', 'Downloading the invoice…'), async () =>
    saveDownload(f, await client.bills.invoice(month), o.output, `invoice-${month}.pdf`),
  );
  if (saved) reportSaved(f.io, f.lang, { ...saved, month });
}
