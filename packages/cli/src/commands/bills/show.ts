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
    .description('Breakdown of a month per contract: items, 10%対象計, 消費税, 小計, total (R-BILL-2); default the latest month')
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
  await printList(o.io, rows, [
    { header: o.t('契約番号', 'Contract'), get: (r) => r.contract },
    { header: o.t('項目', 'Item'), get: (r) => r.item },
    { header: o.t('金額', 'Amount'), get: (r) => money(r.amount), align: 'right' },
    { header: o.t('備考', 'Remarks'), get: (r) => r.remarks },
  ]);
}
