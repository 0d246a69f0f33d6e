import type { TaxRate } from '@mypage/api';
import type { AccountRef, JournalEntry, JournalLine, JournalSettings } from './journal.js';

/*
 * The three import formats, each as its vendor publishes it (sources named beside each writer
 * and in docs/bookkeeping.md). A writer turns journal entries into rows of cells; csv.ts turns
 * rows into bytes (CP932 + CRLF by default). Every row balances by itself: debit amount = credit
 * amount, so an entry (rows sharing a number) balances too.
 */

export type JournalFormat = 'freee' | 'moneyforward' | 'yayoi';
export const JOURNAL_FORMATS: readonly JournalFormat[] = ['freee', 'moneyforward', 'yayoi'];

/** Tax category (税区分) names per rate, as the product spells them; overridable by the mapping file. */
export type TaxNames = Record<`${TaxRate}`, string>;

/** The qualified-invoice system (インボイス制度) starts on this date; some names change with it. */
export const INVOICE_SYSTEM_START = '2023-10-01';

export interface FormatSpec {
  format: JournalFormat;
  /** the header row, or null when the format has none (弥生) */
  header: readonly string[] | null;
  columns: number;
  taxNames(date: string): TaxNames;
  /** 税区分 of the payment account's side */
  creditTaxName: string;
  rows(entries: readonly JournalEntry[], settings: JournalSettings, taxNames: (date: string) => TaxNames): string[][];
}

const slashDate = (iso: string) => iso.replaceAll('-', '/');

/** The expense and payment sides of a line (swapped for a credit note line). */
function sides(line: JournalLine, settings: JournalSettings): { debit: AccountRef; credit: AccountRef; taxOnDebit: boolean } {
  return line.reversed
    ? { debit: settings.credit, credit: settings.debit, taxOnDebit: false }
    : { debit: settings.debit, credit: settings.credit, taxOnDebit: true };
}

// --- 弥生会計 -------------------------------------------------------------------------------
// 弥生会計 「インポートできるデータの種類と記述形式」 仕訳データ, 弥生インポート形式 (弥生会計 05以降):
// https://support.yayoi-kk.co.jp/subcontents.html?page_id=18545
// 25 columns, no header row; 識別フラグ 2000 = a one-line entry (伝票以外の仕訳), 2110 / 2100 / 2101
// = first / middle / last line of a multi-line entry (2111 is a one-line 伝票, not used); 取引日付
// `2023/11/09`; 借方金額 tax included, 借方税金額 the tax; タイプ 0 (仕訳), 調整 `no`.
// 税区分 in the combined notation 弥生 reads (税区分 + 内税 + 請求書区分): `課対仕入内10%適格`,
// `課対仕入内軽減8%適格` (the same notation freee writes for 弥生 since 2023-11, developer.freee.co.jp/news/6758);
// before the invoice system there is no 請求書区分: `課対仕入内10%`.
export const YAYOI_HEADER = [
  '識別フラグ', '伝票No.', '決算', '取引日付', '借方勘定科目', '借方補助科目', '借方部門', '借方税区分', '借方金額', '借方税金額',
  '貸方勘定科目', '貸方補助科目', '貸方部門', '貸方税区分', '貸方金額', '貸方税金額', '摘要', '番号', '期日', 'タイプ',
  '生成元', '仕訳メモ', '付箋1', '付箋2', '調整',
] as const;

function yayoiFlag(index: number, count: number): string {
  if (count === 1) return '2000';
  if (index === 0) return '2110';
  return index === count - 1 ? '2101' : '2100';
}

export const yayoi: FormatSpec = {
  format: 'yayoi',
  header: null,
  columns: YAYOI_HEADER.length,
  taxNames: (date) =>
    date >= INVOICE_SYSTEM_START
      ? { '10': '課対仕入内10%適格', '8': '課対仕入内軽減8%適格', '0': '対象外' }
      : { '10': '課対仕入内10%', '8': '課対仕入内軽減8%', '0': '対象外' },
  creditTaxName: '対象外',
  rows(entries, settings, taxNames) {
    const out: string[][] = [];
    for (const e of entries) {
      e.lines.forEach((line, i) => {
        const { debit, credit, taxOnDebit } = sides(line, settings);
        const tax = taxNames(e.date)[`${line.rate}`];
        const amount = String(line.amount);
        const taxAmount = line.rate === 0 ? '' : String(line.tax);
        out.push([
          yayoiFlag(i, e.lines.length), '', '', slashDate(e.date),
          debit.account, debit.subAccount ?? '', debit.department ?? '', taxOnDebit ? tax : this.creditTaxName, amount, taxOnDebit ? taxAmount : '',
          credit.account, credit.subAccount ?? '', credit.department ?? '', taxOnDebit ? this.creditTaxName : tax, amount, taxOnDebit ? '' : taxAmount,
          e.description, '', '', '0', '', e.billingId, '0', '0', 'no',
        ]);
      });
    }
    return out;
  },
};

// --- マネーフォワード クラウド会計 ------------------------------------------------------------------
// 「仕訳帳」をインポートする (マネーフォワード クラウド会計 サポート):
// https://biz.moneyforward.com/support/account/guide/import-books/ib01.html
// The sample format's 27 columns (A–AA) with its header row; 取引No, 取引日, 勘定科目 and 金額 are
// required; rows with the same 取引日 and 取引No whose debits and credits agree are one compound
// entry (複合仕訳). Names (勘定科目, 補助科目, 税区分, 部門) must match the company's settings exactly.
// 税区分 `課税仕入 10%`, `課税仕入 (軽)8%`, `対象外`; 借方インボイス `適格` from the invoice system on
// (blank before it: MF fills 適格 in itself).
export const MONEYFORWARD_HEADER = [
  '取引No', '取引日', '借方勘定科目', '借方補助科目', '借方部門', '借方取引先', '借方税区分', '借方インボイス', '借方金額(円)', '借方税額',
  '貸方勘定科目', '貸方補助科目', '貸方部門', '貸方取引先', '貸方税区分', '貸方インボイス', '貸方金額(円)', '貸方税額',
  '摘要', '仕訳メモ', 'タグ', 'MF仕訳タイプ', '決算整理仕訳', '作成日時', '作成者', '最終更新日時', '最終更新者',
] as const;

export const moneyforward: FormatSpec = {
  format: 'moneyforward',
  header: MONEYFORWARD_HEADER,
  columns: MONEYFORWARD_HEADER.length,
  taxNames: () => ({ '10': '課税仕入 10%', '8': '課税仕入 (軽)8%', '0': '対象外' }),
  creditTaxName: '対象外',
  rows(entries, settings, taxNames) {
    const out: string[][] = [];
    for (const e of entries) {
      for (const line of e.lines) {
        const { debit, credit, taxOnDebit } = sides(line, settings);
        const tax = taxNames(e.date)[`${line.rate}`];
        const invoice = line.rate !== 0 && e.date >= INVOICE_SYSTEM_START ? '適格' : '';
        const amount = String(line.amount);
        const taxAmount = line.rate === 0 ? '' : String(line.tax);
        const expense = (ref: AccountRef) => [ref.account, ref.subAccount ?? '', ref.department ?? '', '', tax, invoice, amount, taxAmount];
        const payment = (ref: AccountRef) => [ref.account, ref.subAccount ?? '', ref.department ?? '', e.partner, this.creditTaxName, '', amount, ''];
        out.push([
          String(e.no), slashDate(e.date),
          ...(taxOnDebit ? expense(debit) : payment(debit)),
          ...(taxOnDebit ? payment(credit) : expense(credit)),
          e.description, e.billingId, '', '', '', '', '', '', '',
        ]);
      }
    }
    return out;
  },
};

// --- freee会計 ---------------------------------------------------------------------------------
// 「その他の会計ソフトから仕訳データを移行する」(freee ヘルプセンター), 汎用形式の仕訳データ:
// https://support.freee.co.jp/hc/ja/articles/204847430
// Debit and credit columns on one row, named as freee's items (日付, 伝票番号, 決算整理仕訳, 借方勘定科目,
// 借方税区分, 借方金額, 借方税額, 借方取引先, 借方品目, 借方部門, … 摘要), which the import screen assigns;
// rows with the same 日付 and 伝票番号 become one multi-line entry (振替伝票). freee has no 補助科目: the
// sub-account goes to 品目, the tag freee's own migrations use for it. 税区分 `課対仕入10%`,
// `課対仕入8%(軽)` (freee's tax code names 136 and 163, developer.freee.co.jp/news/1434), `対象外`.
export const FREEE_HEADER = [
  '日付', '伝票番号', '決算整理仕訳',
  '借方勘定科目', '借方税区分', '借方金額', '借方税額', '借方取引先', '借方品目', '借方部門',
  '貸方勘定科目', '貸方税区分', '貸方金額', '貸方税額', '貸方取引先', '貸方品目', '貸方部門',
  '摘要',
] as const;

export const freee: FormatSpec = {
  format: 'freee',
  header: FREEE_HEADER,
  columns: FREEE_HEADER.length,
  taxNames: () => ({ '10': '課対仕入10%', '8': '課対仕入8%(軽)', '0': '対象外' }),
  creditTaxName: '対象外',
  rows(entries, settings, taxNames) {
    const out: string[][] = [];
    for (const e of entries) {
      for (const line of e.lines) {
        const { debit, credit, taxOnDebit } = sides(line, settings);
        const tax = taxNames(e.date)[`${line.rate}`];
        const amount = String(line.amount);
        const taxAmount = line.rate === 0 ? '' : String(line.tax);
        const expense = (ref: AccountRef) => [ref.account, tax, amount, taxAmount, '', ref.subAccount ?? '', ref.department ?? ''];
        const payment = (ref: AccountRef) => [ref.account, this.creditTaxName, amount, '', e.partner, ref.subAccount ?? '', ref.department ?? ''];
        out.push([
          slashDate(e.date), String(e.no), '',
          ...(taxOnDebit ? expense(debit) : payment(debit)),
          ...(taxOnDebit ? payment(credit) : expense(credit)),
          e.description,
        ]);
      }
    }
    return out;
  },
};

export const FORMAT_SPECS: Record<JournalFormat, FormatSpec> = { freee, moneyforward, yayoi };

/** Rows of a format, the tax names overridden where the mapping file says so. */
export function journalRows(format: JournalFormat, entries: readonly JournalEntry[], settings: JournalSettings, overrides: Partial<TaxNames> = {}): string[][] {
  const spec = FORMAT_SPECS[format];
  const names = (date: string): TaxNames => ({ ...spec.taxNames(date), ...overrides });
  const rows = spec.rows(entries, settings, names);
  return spec.header ? [[...spec.header], ...rows] : rows;
}
