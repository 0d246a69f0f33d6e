/*
 * File names of archived documents (D-10): `{取引年月日}_{取引先}_{取引金額}.pdf` by default
 * (`20231109_日本メディアシステム株式会社_5646.pdf`), or a user's `--name-template`. Whatever the
 * template and the data, the result is one safe file name on Windows, macOS and Linux.
 */

/** What a template can name: the Japanese field name and an ASCII alias for each. */
export interface NameFields {
  /** 取引年月日: `YYYY-MM-DD` (rendered `YYYYMMDD`) */
  date: string;
  /** 取引先: the issuer's name */
  partner: string;
  /** 取引金額: yen including tax, no separators; null for a document without an amount (開通案内) */
  amount: number | null;
  /** 請求年月 `YYYY-MM` (bills) or the notice date's month */
  month: string;
  /** お客様番号 (`2N…`) or the contract number of a notice */
  customer: string;
  /** 書類の種類 */
  kind: string;
  /** 登録番号 `T` + 13 digits */
  registration: string;
  /** ご請求番号 (bills) */
  billingId: string;
}

export const TEMPLATE_FIELDS: Record<string, { key: keyof NameFields | 'year'; en: string }> = {
  取引年月日: { key: 'date', en: 'date' },
  取引先: { key: 'partner', en: 'partner' },
  取引金額: { key: 'amount', en: 'amount' },
  請求年月: { key: 'month', en: 'month' },
  お客様番号: { key: 'customer', en: 'customer' },
  書類の種類: { key: 'kind', en: 'kind' },
  登録番号: { key: 'registration', en: 'registration' },
  ご請求番号: { key: 'billingId', en: 'billing-id' },
  年: { key: 'year', en: 'year' },
};

export const DEFAULT_TEMPLATE = '{取引年月日}_{取引先}_{取引金額}';
/** Opening notices have no amount: the kind and contract stand in its place. */
export const DEFAULT_NOTICE_TEMPLATE = '{取引年月日}_{取引先}_{書類の種類}_{お客様番号}';

const BY_NAME = new Map<string, keyof NameFields | 'year'>();
for (const [ja, { key, en }] of Object.entries(TEMPLATE_FIELDS)) {
  BY_NAME.set(ja, key);
  BY_NAME.set(en, key);
}

export class TemplateError extends Error {
  constructor(readonly field: string) {
    super(`unknown field {${field}}`);
  }
}

/** Checks a template: every `{field}` is known, and it names at least one field. */
export function checkTemplate(template: string): void {
  const fields = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  for (const f of fields) if (!BY_NAME.has(f)) throw new TemplateError(f);
  if (fields.length === 0) throw new TemplateError('');
}

function fieldValue(fields: NameFields, key: keyof NameFields | 'year'): string {
  switch (key) {
    case 'date':
      return fields.date.replace(/-/g, '');
    case 'year':
      return fields.date.slice(0, 4);
    case 'amount':
      return fields.amount === null ? '' : String(fields.amount);
    default:
      return fields[key];
  }
}

/** Windows reserves these names whatever the extension (`CON.pdf` cannot be created). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** UTF-8 bytes a name may take: 255 on macOS (APFS) and Linux; Windows counts 255 UTF-16 units, which is never less. */
const MAX_BYTES = 255;

/**
 * One safe file name: NFC (macOS hands back decomposed kana otherwise), `\ / : * ? " < > |` and
 * control characters replaced by `_`, no leading dot (hidden on macOS/Linux), no trailing dot or
 * space (Windows drops them), not a reserved device name, at most 255 bytes with the extension.
 */
export function sanitizeFileName(stem: string, ext = '.pdf'): string {
  let s = stem
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}\u2028\u2029]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '_')
    .replace(/[. ]+$/, '');
  if (s === '') s = '_';
  if (RESERVED.test(s)) s = `_${s}`;
  const room = roomFor(ext);
  while (Buffer.byteLength(s) > room) s = Array.from(s).slice(0, -1).join('');
  s = s.replace(/[. ]+$/, '') || '_';
  return s + ext;
}

/** 8: room for a `_2` … `_9999999` suffix. */
const roomFor = (ext: string) => MAX_BYTES - Buffer.byteLength(ext) - 8;

/**
 * The file name of a document: the template filled in and made safe (D-10). A name too long for
 * the file system loses the end of 取引先 first, so date and amount stay readable.
 */
export function renderName(template: string, fields: NameFields, ext = '.pdf'): string {
  checkTemplate(template);
  const fill = (f: NameFields) => template.replace(/\{([^{}]*)\}/g, (_, name: string) => fieldValue(f, BY_NAME.get(name)!));
  let partner = Array.from(fields.partner);
  let stem = fill(fields);
  while (Buffer.byteLength(stem.normalize('NFC')) > roomFor(ext) && partner.length > 1) {
    partner = partner.slice(0, -1);
    stem = fill({ ...fields, partner: partner.join('') });
  }
  return sanitizeFileName(stem, ext);
}

/** `a.pdf`, 2 → `a_2.pdf`: the name of the n-th version of a document (D-10). */
export function versionName(name: string, n: number): string {
  if (n <= 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}_${n}${name.slice(dot)}` : `${name}_${n}`;
}
