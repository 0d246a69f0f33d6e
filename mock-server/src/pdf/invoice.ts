import { jaDate, jaMonth, type Address, type Bill } from '@mypage/api';
import type { BillingGroupRecord } from '../store/schema.js';
import { CONTENT_WIDTH, PAGE, ensureSpace, newDocument, streamDocument, yen, type Doc } from './document.js';
import { ISSUER } from './issuer.js';

/** 口座番号 masked but the last digits (D-8). */
export function maskAccount(accountNumber: string, visible = 3): string {
  return '*'.repeat(Math.max(0, accountNumber.length - visible)) + accountNumber.slice(-visible);
}

const L = PAGE.margin;
const COLS = { name: L, amount: L + 250, remarks: L + 340, rate: L + 440 };

/**
 * D-8: the invoice / direct-debit notice (請求書/口座振替案内書) of one billing group and month,
 * with the guide's bilingual header, the breakdown per contract, and what a qualified invoice
 * (適格請求書) needs: issuer and registration number, recipient, billing period, items, the total
 * and the tax per rate (R-FMT-9).
 */
export function invoicePdf(bill: Bill, group: BillingGroupRecord, address: Address | undefined): ReadableStream<Uint8Array> {
  const doc = newDocument({ title: `請求書/口座振替案内書 ${jaMonth(bill.month)}`, subject: `${bill.customerNumber} ${bill.month}`, createdAt: new Date(`${bill.issuedOn}T00:00:00+09:00`) });
  return streamDocument(doc, () => {
    header(doc, bill, group, address);
    for (const contract of bill.contracts) {
      ensureSpace(doc, 70);
      doc.moveDown(0.6);
      doc.fontSize(10).fillColor('#000').text(`契約番号 ${contract.contractNumber}　${contract.serviceName}`, L, doc.y);
      tableRow(doc, ['料金内訳', '金額（円）', '備考', '税率'], true);
      for (const item of contract.items) tableRow(doc, [item.name, yen(item.amount), item.remarks, `${item.taxRate}%`]);
      for (const t of contract.taxes) {
        tableRow(doc, [`${t.rate}%対象計`, yen(t.taxableTotal), '', '']);
        tableRow(doc, [`消費税（${t.rate}%）`, yen(t.tax), '', '']);
      }
      tableRow(doc, ['小計', yen(contract.subtotal), '', ''], true);
    }
    summary(doc, bill);
  });
}

function header(doc: Doc, bill: Bill, group: BillingGroupRecord, address: Address | undefined): void {
  doc.fontSize(16).text('請求書/口座振替案内書', L, L);
  doc.fontSize(9).text('Invoice / Direct Debit Notice　（適格請求書）', L, doc.y);
  // Issuer (right)
  doc.fontSize(9);
  doc.text(ISSUER.name, L + 300, L, { width: 200 });
  doc.text(`登録番号 ${ISSUER.registrationNumber}`, L + 300, doc.y, { width: 200 });
  doc.text(ISSUER.address, L + 300, doc.y, { width: 200 });
  // Recipient (left)
  doc.fontSize(10);
  let y = L + 60;
  if (address) {
    doc.text(`〒${address.postalCode.slice(0, 3)}-${address.postalCode.slice(3)}`, L, y);
    doc.text(`${address.address1}${address.address2}`, L, doc.y);
    if (address.building) doc.text(address.building, L, doc.y);
  }
  doc.fontSize(12).text(`${group.name} 様`, L, doc.y + 4);
  y = Math.max(doc.y + 14, L + 130);
  const rows: [string, string][] = [
    ['発行日 Issue Date', jaDate(bill.issuedOn)],
    ['ご請求番号 Billing ID', bill.billingId],
    ['ご請求年月 Billing Month', jaMonth(bill.month)],
    ['お客様番号 Customer Number', bill.customerNumber],
    ['金融機関名 Name of Bank', `${group.bank.name} ${group.bank.branch}`],
    ['口座番号 Transfer Account No.', maskAccount(group.bank.accountNumber)],
    ['振替日 Due Date', jaDate(bill.dueDate)],
    ['次回振替 Total Amount', `${yen(bill.total)}円`],
    ['ご請求期間 Billing Period', `${jaDate(bill.billingPeriod.from)}～${jaDate(bill.billingPeriod.to)}`],
  ];
  doc.fontSize(9);
  for (const [label, value] of rows) {
    doc.rect(L, y, 200, 18).stroke('#888');
    doc.rect(L + 200, y, 220, 18).stroke('#888');
    doc.fillColor('#000').text(label, L + 4, y + 4, { width: 192, lineBreak: false });
    doc.text(value, L + 204, y + 4, { width: 212, lineBreak: false });
    y += 18;
  }
  doc.y = y + 8;
  doc.x = L;
  doc.fontSize(8).text('振替日の前日までに口座残高をご確認ください。振替できない場合は別途お振込みをお願いいたします。', L, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.5);
  doc.fontSize(11).text('ご請求内訳 Breakdown', L, doc.y);
}

function tableRow(doc: Doc, cells: [string, string, string, string], bold = false): void {
  ensureSpace(doc, 16);
  const y = doc.y + 2;
  doc.fontSize(9).fillColor(bold ? '#000' : '#222');
  doc.text(cells[0], COLS.name + 8, y, { width: 235, lineBreak: false, ellipsis: true });
  doc.text(cells[1], COLS.amount, y, { width: 80, align: 'right', lineBreak: false });
  doc.text(cells[2], COLS.remarks, y, { width: 95, lineBreak: false, ellipsis: true });
  doc.text(cells[3], COLS.rate, y, { width: 40, align: 'right', lineBreak: false });
  doc.moveTo(COLS.name + 4, y + 13).lineTo(COLS.rate + 44, y + 13).lineWidth(bold ? 0.8 : 0.3).stroke('#999');
  doc.y = y + 14;
  doc.x = L;
}

/** Height of the summary block below, so that it is never split from its footer. */
function summaryHeight(bill: Bill): number {
  const rows = bill.taxes.length * 2 + (bill.roundingAdjustment !== 0 ? 1 : 0) + 1;
  return 30 /* heading */ + rows * 16 + (bill.callCharges > 0 ? 14 : 0) + 40 /* footer */;
}

function summary(doc: Doc, bill: Bill): void {
  ensureSpace(doc, summaryHeight(bill));
  doc.moveDown(1);
  doc.fontSize(11).fillColor('#000').text('税率ごとの合計（適格請求書）', L, doc.y);
  for (const t of bill.taxes) {
    tableRow(doc, [`${t.rate}%対象計`, yen(t.taxableTotal), '', `${t.rate}%`]);
    tableRow(doc, [`消費税（${t.rate}%）`, yen(t.tax), '', `${t.rate}%`]);
  }
  if (bill.roundingAdjustment !== 0) tableRow(doc, ['端数調整（請求書単位の消費税計算）', yen(bill.roundingAdjustment), '', '']);
  tableRow(doc, ['合計（税込） Total', yen(bill.total), '', ''], true);
  if (bill.callCharges > 0) {
    doc.fontSize(8).text(`うち通話料（税抜） ${yen(bill.callCharges)}円`, L, doc.y + 2);
  }
  doc.moveDown(1);
  doc.fontSize(8).text(`${ISSUER.name}　登録番号 ${ISSUER.registrationNumber}　${ISSUER.contact}`, L, doc.y, { width: CONTENT_WIDTH });
}
