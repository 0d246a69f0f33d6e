import type { ContractRecord } from '../store/schema.js';
import { spaced, spellOut } from '../domain/kana-spelling.js';
import { CONTENT_WIDTH, PAGE, newDocument, streamDocument, type Doc } from './document.js';
import { ISSUER } from './issuer.js';

const L = PAGE.margin;

/** `2023年 7月 1日` — the notice's way of writing the issue date. */
export function noticeDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${String(m).padStart(2, ' ')}月${String(d).padStart(2, ' ')}日`;
}

/**
 * D-9: the opening notice (開通案内) as the guide's sample lays it out — header with the
 * customer ID, the important-notice line, 重要事項説明書類, <お申し込み内容のご案内>, the 拝啓 …
 * 敬具 letter, 発行日, お客さま情報 (the customer ID and the access key printed as characters
 * AND spelled out in katakana), then the service, 工事予定日, ご利用開始日 and options.
 */
export function openingNoticePdf(contract: ContractRecord, date: string): ReadableStream<Uint8Array> {
  const doc = newDocument({ title: `開通案内 ${contract.contractNumber} ${date}`, subject: '重要事項説明書類', createdAt: new Date(`${date}T00:00:00+09:00`) });
  return streamDocument(doc, () => draw(doc, contract, date));
}

function draw(doc: Doc, c: ContractRecord, date: string): void {
  const a = c.installationAddress;
  doc.fontSize(8).text(`お客さまID ${c.contractNumber}　${date.replaceAll('-', '')}`, L, L);
  doc.fontSize(10).text(`〒${a.postalCode.slice(0, 3)}-${a.postalCode.slice(3)}`, L, L + 20);
  doc.text(`${a.address1}${a.address2}${a.building ? ` ${a.building}` : ''}`, L, doc.y);
  doc.fontSize(12).text(`${c.customerName} 様`, L, doc.y + 2);

  doc.fontSize(10).text('ご契約内容に関する重要なお知らせです。', L + 280, L + 20, { width: 220 });
  doc.text('受け取り次第、速やかに内容をご確認ください。', L + 280, doc.y, { width: 220 });

  doc.fontSize(18).text('重要事項説明書類', L, L + 110, { width: CONTENT_WIDTH, align: 'center' });
  doc.fontSize(12).text('<お申し込み内容のご案内>', L, doc.y + 6, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(1);
  doc.fontSize(10);
  const letter = [
    '拝啓 時下ますますご清栄のこととお慶び申し上げます。',
    'この度は、弊社サービスをお申込みいただきまして誠にありがとうございます。',
    'お申込みいただきましたお客様のご契約内容を下記の通りご連絡申し上げます。',
    'お客様の工事予定日、ご利用開始日などをご確認いただき、お間違いないようお願い致します。',
    'なお、この書面については、大切に保管して頂きますようお願い申し上げます。',
  ];
  for (const line of letter) doc.text(line, L, doc.y, { width: CONTENT_WIDTH });
  doc.text('敬具', L, doc.y, { width: CONTENT_WIDTH, align: 'right' });
  doc.moveDown(0.5);
  doc.text(`発行日：${noticeDate(date)}`, L, doc.y, { width: CONTENT_WIDTH, align: 'right' });
  doc.moveDown(0.8);

  section(doc, 'お客さま情報');
  row(doc, 'ご契約者名（ご利用者名）', `${c.customerName} 様`);
  row(doc, 'ご利用場所住所', `〒${a.postalCode} ${a.address1}${a.address2}${a.building ? ` ${a.building}` : ''}`);
  row(doc, 'お客さまID', c.contractNumber, spellOut(c.contractNumber));
  if (c.accessLine) row(doc, 'アクセスキー', spaced(c.accessLine.accessKey), spellOut(c.accessLine.accessKey));
  doc.fontSize(7).fillColor('#444').text('※アルファベットの小文字は「(小)」と表記しています。', L, doc.y + 2);
  doc.fillColor('#000').moveDown(0.8);

  section(doc, 'お申し込み内容');
  row(doc, 'サービス名', c.accessLine?.serviceName ?? c.serviceName);
  row(doc, '工事予定日', c.accessLine?.constructionDate ? noticeDate(c.accessLine.constructionDate) : '－');
  row(doc, 'ご利用開始日', c.accessLine?.startDate ? noticeDate(c.accessLine.startDate) : '未定');
  for (const phone of c.hikariPhone) row(doc, phone.serviceName, `${phone.phoneNumber}（${phone.details}）`);
  const options = c.options.length ? c.options : ['なし'];
  options.forEach((o, i) => row(doc, `オプション${'①②③④⑤'[i] ?? ''}`, o));
  doc.moveDown(1.5);
  doc.fontSize(8).text(`${ISSUER.name}　${ISSUER.address}`, L, doc.y, { width: CONTENT_WIDTH });
  doc.text(`お問い合わせ：${ISSUER.contact}`, L, doc.y, { width: CONTENT_WIDTH });
}

function section(doc: Doc, title: string): void {
  doc.fontSize(11).fillColor('#000').text(`■ ${title}`, L, doc.y);
  doc.moveDown(0.2);
}

function row(doc: Doc, label: string, value: string, spelled?: string): void {
  const y = doc.y;
  const height = spelled ? 32 : 18;
  doc.rect(L, y, 150, height).stroke('#888');
  doc.rect(L + 150, y, CONTENT_WIDTH - 150, height).stroke('#888');
  doc.fontSize(9).text(label, L + 4, y + 4, { width: 142, lineBreak: false });
  if (spelled) {
    doc.fontSize(8).text(spelled, L + 154, y + 3, { width: CONTENT_WIDTH - 158, lineBreak: false });
    doc.fontSize(10).text(value, L + 154, y + 16, { width: CONTENT_WIDTH - 158, lineBreak: false });
  } else {
    doc.fontSize(9).text(value, L + 154, y + 4, { width: CONTENT_WIDTH - 158, lineBreak: false });
  }
  doc.y = y + height;
  doc.x = L;
}
