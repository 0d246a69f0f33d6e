import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { printFields, printHeading, printJson, printList, yen } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { latestMonth } from './latest.js';

export interface ShowOptions extends Terminal {
  client: ClientFactory;
  month?: string;
}

export function newShowCommand(f: Factory, run: (o: ShowOptions) => Promise<void> = showRun): Command {
  const cmd = new Command('show')
    .description('A month as the invoice shows it: per contract (items, 10%対象計, 消費税, 小計), then 税率ごとの合計 — the tax per rate, the 端数調整 and the total; default the latest month')
    .argument('[month]', 'billing month, e.g. 2023-10, 2023/10, 202310')
    .action(async (month: string | undefined) => run({ ...f.terminal(), client: f.clientFactory(), ...(month ? { month } : {}) }));
  return examples(cmd, ['$ mypage bills show', '$ mypage bills show 2023-10', '$ mypage bills show 2023-10 --json | jq .total']);
}

export async function showRun(o: ShowOptions): Promise<void> {
  const client = await o.client();
  const month = o.month ? await monthArg(o.month) : await latestMonth(o, client);
  const bill = await o.io.spin(o.t('ご請求を取得中…', 'Fetching the bill…'), () => client.bills.get(month));
  if (o.io.json) return printJson(o.io, bill);
  const table = o.io.isTableOutput();
  const money = (n: number) => (table ? yen(n) : n);
  await printFields(o.io, [
    [o.t('ご請求年月', 'Billing month'), bill.month],
    [o.t('ご請求番号', 'Billing ID'), bill.billingId],
    [o.t('お客様番号', 'Customer number'), bill.customerNumber],
    [o.t('宛名', 'Recipient'), bill.recipientName],
    [o.t('発行日', 'Issued'), bill.issuedOn],
    [o.t('振替日', 'Due date'), bill.dueDate],
    [o.t('ご利用期間', 'Billing period'), `${bill.billingPeriod.from} – ${bill.billingPeriod.to}`],
    [o.t('通話料', 'Call charges'), money(bill.callCharges)],
    [o.t('次回振替（合計）', 'Total'), money(bill.total)],
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
  printHeading(o.io, o.t('料金内訳', 'Breakdown'));
  const columns = [
    { header: o.t('契約番号', 'Contract'), get: (r: Row) => r.contract },
    { header: o.t('項目', 'Item'), get: (r: Row) => r.item },
    { header: o.t('金額', 'Amount'), get: (r: Row) => money(r.amount), align: 'right' as const },
    { header: o.t('備考', 'Remarks'), get: (r: Row) => r.remarks },
  ];
  await printList(o.io, rows, columns);
  // The invoice (R-FMT-9): tax once per rate over every contract; 端数調整 is what that differs
  // from the per-contract taxes, so Σ 小計 + 端数調整 = 合計 and Σ (対象計 + 消費税) = 合計.
  const summary: Row[] = [];
  for (const tx of bill.taxes) {
    summary.push({ contract: '', item: `${tx.rate}%対象計`, amount: tx.taxableTotal, remarks: `${tx.rate}%` });
    summary.push({ contract: '', item: `消費税（${tx.rate}%）`, amount: tx.tax, remarks: `${tx.rate}%` });
  }
  if (bill.roundingAdjustment !== 0) {
    summary.push({
      contract: '',
      item: '端数調整',
      amount: bill.roundingAdjustment,
      remarks: o.t('請求書単位の消費税計算（小計の合計 + 端数調整 = 合計）', 'tax computed once per invoice (Σ 小計 + adjustment = total)'),
    });
  }
  summary.push({ contract: '', item: '合計（税込）', amount: bill.total, remarks: bill.callCharges > 0 ? o.t(`うち通話料 ${money(bill.callCharges)}`, `incl. call charges ${money(bill.callCharges)}`) : '' });
  printHeading(o.io, '税率ごとの合計（適格請求書）');
  await printList(o.io, summary, table ? columns.slice(1) : columns);
}
