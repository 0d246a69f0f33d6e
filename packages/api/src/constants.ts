/* Fixed texts of the API contract (plain data, no zod: `@mypage/api/contract` exports them). */

/** D-5 header row. */
export const CALL_RECORD_CSV_HEADER = ['日時', '利用種類', '通話元', '通話先', '通話時間', '料金'] as const;
/**
 * The column `contractColumn=true` adds after the D-5 six, so that a reader of those six by
 * position is not disturbed: which contract (契約番号) a call belongs to.
 */
export const CALL_RECORD_CSV_CONTRACT_HEADER = '契約番号';
/** The header row of a call-record CSV, with or without the 契約番号 column. */
export function callRecordCsvHeader(opts: { contractColumn?: boolean } = {}): string[] {
  return opts.contractColumn ? [...CALL_RECORD_CSV_HEADER, CALL_RECORD_CSV_CONTRACT_HEADER] : [...CALL_RECORD_CSV_HEADER];
}

/** The guide's exact subjects for the two requests the back office acts on (R-INQ-2, R-INQ-3). */
export const INQUIRY_SUBJECTS = {
  callRecords: '通話明細記録の希望',
  paperStopOpeningNotice: '開通案内の紙発送停止希望',
  paperStopDirectDebit: '口座振替案内書の紙発送停止希望',
} as const;
