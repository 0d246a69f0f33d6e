/**
 * Identities and formats (SPEC "Identities and formats"). Pure functions shared by server, SDK
 * and CLI so that all three normalise input by exactly the same rules.
 */

/** Full-width ASCII (！..～) and the ideographic space become half-width. */
export function toHalfWidthAscii(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Half-width ASCII letters/digits become full-width (for display of names, R-FMT-6). */
export function toFullWidthAscii(input: string): string {
  return input.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

const HYPHENS = /[-‐‑‒–—―−ー－ｰ]/g;

// ---------------------------------------------------------------------------------------------
// R-FMT-1 access ID
export const ACCESS_ID_PATTERN = /^[a-z0-9]{6}$/;
export function normalizeAccessId(input: string): string {
  return toHalfWidthAscii(input).trim().toLowerCase();
}
export function isAccessId(value: string): boolean {
  return ACCESS_ID_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------
// R-FMT-2 password
export const PASSWORD_PATTERN = /^(?=.*[a-z])(?=.*[0-9])[a-z0-9]{8,32}$/;
/** Why a password breaks R-FMT-2, or `null` when it is acceptable. */
export function passwordProblem(password: string): 'length' | 'characters' | 'needs-letter' | 'needs-digit' | null {
  if (password.length < 8 || password.length > 32) return 'length';
  if (!/^[a-z0-9]+$/.test(password)) return 'characters';
  if (!/[a-z]/.test(password)) return 'needs-letter';
  if (!/[0-9]/.test(password)) return 'needs-digit';
  return null;
}
export type PasswordProblem = NonNullable<ReturnType<typeof passwordProblem>>;
/** What the portal says about each password problem (R-FMT-2): the server's details and the CLI's prompts. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, readonly [ja: string, en: string]> = {
  length: ['パスワードは半角8文字以上32文字以下で入力してください。', 'must be 8–32 characters'],
  characters: ['パスワードに使用できるのは半角英小文字と数字のみです。', 'only lowercase letters a–z and digits 0–9'],
  'needs-letter': ['パスワードには英小文字を1文字以上含めてください。', 'needs at least one lowercase letter'],
  'needs-digit': ['パスワードには数字を1文字以上含めてください。', 'needs at least one digit'],
};

// R-FMT-3 temporary password
export const TEMPORARY_PASSWORD_PATTERN = /^[a-z0-9]{8}$/;

// R-FMT-7 OTP
export const OTP_PATTERN = /^[0-9]{6}$/;
export function normalizeOtp(input: string): string {
  return toHalfWidthAscii(input).replace(/\s+/g, '');
}

// R-FMT-8 access key
export const ACCESS_KEY_PATTERN = /^[A-Za-z0-9]{8}$/;

// ---------------------------------------------------------------------------------------------
// R-FMT-4 contract number
export const CONTRACT_NUMBER_PATTERN = /^(?:CAF[0-9]{10}|COP[0-9]{8}|[0-9]{10}|[0-9]{9})$/;
export const CONTRACT_NUMBER_SHAPES = 'CAF+10桁, COP+8桁, 数字10桁, 数字9桁 (CAF + 10 digits, COP + 8 digits, 10 digits or 9 digits)';

/**
 * Decision R-FMT-4: trim, make half-width, uppercase, drop spaces and hyphens, drop the `2N`
 * prefix printed on invoices (お客様番号). Does not validate: see {@link isContractNumber}.
 */
export function normalizeContractNumber(input: string): string {
  let value = toHalfWidthAscii(input).trim().toUpperCase().replace(/[\s]/g, '').replace(HYPHENS, '');
  if (value.startsWith('2N')) value = value.slice(2);
  return value;
}
export function isContractNumber(value: string): boolean {
  return CONTRACT_NUMBER_PATTERN.test(value);
}
/** お客様番号 as printed on invoices and notices. */
export function customerNumberOf(contractNumber: string): string {
  return `2N${contractNumber}`;
}

/** The file name of an opening notice PDF (R-NOTICE-1): in the list, the download header, and what a client saves. */
export function openingNoticeFileName(contractNumber: string, date: string): string {
  return `opening-notice-${contractNumber}-${date}.pdf`;
}

// ---------------------------------------------------------------------------------------------
// R-FMT-5 postal code
export const POSTAL_CODE_PATTERN = /^[0-9]{7}$/;
/** Decision R-FMT-5: accept `534-0024`, `〒534-0024` and full-width digits; answer `5340024`. */
export function normalizePostalCode(input: string): string {
  return toHalfWidthAscii(input).trim().replace(/^〒/, '').replace(/\s/g, '').replace(HYPHENS, '');
}
export function isPostalCode(value: string): boolean {
  return POSTAL_CODE_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------
// R-FMT-6 customer name and corporate designations (法人格)

/**
 * The registered corporate designations (登録済みの法人格), which are ignored when names are
 * compared. Each is listed in kanji and in katakana, since names are entered in 全角英数カナ.
 */
export const CORPORATE_DESIGNATIONS: readonly { kanji: string; kana: string; abbreviations: readonly string[] }[] = [
  { kanji: '株式会社', kana: 'カブシキガイシャ', abbreviations: ['(株)', '㈱', 'カブ)', '(カブ'] },
  { kanji: '有限会社', kana: 'ユウゲンガイシャ', abbreviations: ['(有)', '㈲', 'ユ)', '(ユ'] },
  { kanji: '合同会社', kana: 'ゴウドウガイシャ', abbreviations: ['(同)', 'ド)', '(ド'] },
  { kanji: '合名会社', kana: 'ゴウメイガイシャ', abbreviations: ['(名)', 'メ)', '(メ'] },
  { kanji: '合資会社', kana: 'ゴウシガイシャ', abbreviations: ['(資)', 'シ)', '(シ'] },
  { kanji: '一般社団法人', kana: 'イッパンシャダンホウジン', abbreviations: ['(一社)'] },
  { kanji: '一般財団法人', kana: 'イッパンザイダンホウジン', abbreviations: ['(一財)'] },
  { kanji: '公益社団法人', kana: 'コウエキシャダンホウジン', abbreviations: ['(公社)'] },
  { kanji: '公益財団法人', kana: 'コウエキザイダンホウジン', abbreviations: ['(公財)'] },
  { kanji: '特定非営利活動法人', kana: 'トクテイヒエイリカツドウホウジン', abbreviations: ['NPO法人'] },
  { kanji: '医療法人', kana: 'イリョウホウジン', abbreviations: ['(医)'] },
  { kanji: '社会福祉法人', kana: 'シャカイフクシホウジン', abbreviations: ['(福)'] },
  { kanji: '学校法人', kana: 'ガッコウホウジン', abbreviations: ['(学)'] },
];

const designationTokens: string[] = CORPORATE_DESIGNATIONS.flatMap((d) => [d.kanji, d.kana, ...d.abbreviations])
  .map((token) => canonicalText(token))
  .sort((a, b) => b.length - a.length);

/** NFKC (half-width kana → full-width, full-width ASCII → ASCII), hiragana → katakana, no spaces, uppercase ASCII. */
function canonicalText(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

/**
 * Decision R-FMT-6: the form a customer name takes for display and storage — full-width letters,
 * digits and katakana, with its spaces kept as one full-width space.
 */
export function normalizeCustomerName(input: string): string {
  const nfkc = input.normalize('NFKC').trim().replace(/\s+/g, ' ');
  return toFullWidthAscii(nfkc.replace(/ /g, '\u3000'));
}

/**
 * The key two customer names are compared by (R-FMT-6): canonical text with every listed
 * corporate designation at the start or end removed, so `カブシキガイシャ サンプル`, `ｻﾝﾌﾟﾙ` and
 * `サンプル　株式会社` all match `サンプル`.
 */
export function customerNameKey(input: string): string {
  let key = canonicalText(input);
  let changed = true;
  while (changed) {
    changed = false;
    for (const token of designationTokens) {
      if (key.length > token.length && key.startsWith(token)) {
        key = key.slice(token.length);
        changed = true;
      } else if (key.length > token.length && key.endsWith(token)) {
        key = key.slice(0, -token.length);
        changed = true;
      }
    }
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// Months and dates (R-FMT-10: Japan time)
export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** Accepts `2023-10`, `2023/10`, `202310`, `2023年10月`, full-width digits; answers `2023-10` or `null`. */
export function normalizeMonth(input: string): string | null {
  if (MONTH_PATTERN.test(input)) return input; // already `YYYY-MM`: what every client sends
  const s = toHalfWidthAscii(input).trim();
  const m = /^([0-9]{4})(?:[-/.年]?)([0-9]{1,2})月?$/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[2]!.length === 1 && !/[-/.年]/.test(s)) return null; // `20231` is ambiguous
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/**
 * Days of a month in the proleptic Gregorian calendar. (Not through `Date.UTC`, which reads the
 * years 0–99 as 1900–1999.)
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Accepts `2023-12-01`, `2023/12/01`, `20231201`, `2023年12月01日`; answers `2023-12-01` or `null`. */
export function normalizeDate(input: string): string | null {
  const s = toHalfWidthAscii(input).trim();
  const m = /^([0-9]{4})[-/.年]?([0-9]{1,2})[-/.月]?([0-9]{1,2})日?(?:分)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive (`YYYY-MM`), oldest first. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month after `month` (`YYYY-MM`). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${pad4(y + 1)}-01` : `${pad4(y)}-${String(m + 1).padStart(2, '0')}`;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
/** Calendar parts of an instant in Japan time (Asia/Tokyo has no DST), whatever the machine's zone. */
export function jstParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const d = new Date(at.getTime() + JST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
const pad2 = (n: number) => String(n).padStart(2, '0');
/** Years keep four digits (`0999-01`), so every month and date matches MONTH_PATTERN / DATE_PATTERN. */
function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
/** `YYYY-MM` of an instant in Japan time. */
export function jstMonth(at: Date): string {
  const ms = at.getTime();
  if (ms >= lastMonth.from && ms < lastMonth.to) return lastMonth.text;
  const p = jstParts(at);
  const text = `${pad4(p.year)}-${pad2(p.month)}`;
  // Date.UTC reads years 0–99 as 1900–1999: such instants are not kept
  if (p.year >= 100) lastMonth = { from: Date.UTC(p.year, p.month - 1, 1) - JST_OFFSET_MS, to: Date.UTC(p.year, p.month, 1) - JST_OFFSET_MS, text };
  return text;
}
/**
 * The Japan-time month `jstMonth` gave last, as the instants it holds (`from` ≤ t < `to`): the server
 * asks for the month of now with every bill read, and it changes twelve times a year.
 */
let lastMonth = { from: NaN, to: NaN, text: '' };
/** `YYYY-MM-DD` of an instant in Japan time. */
export function jstDate(at: Date): string {
  const p = jstParts(at);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}
/** `YYYY-MM-DD HH:mm:ss` in Japan time (used in CSV and tables). */
export function jstDateTime(at: Date): string {
  const p = jstParts(at);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}
/** ISO 8601 with the +09:00 offset, e.g. `2023-12-01T10:19:00+09:00`. */
export function jstIso(at: Date): string {
  return `${jstDateTime(at).replace(' ', 'T')}+09:00`;
}
/** `2023年12月01日` — the guide's way of writing a date. */
export function jaDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${m}月${d}日`;
}
/** `2023年10月` */
export function jaMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${m}月`;
}
/** `00:01:02` from seconds (R-CALL-2). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}
/** Seconds from `00:01:02` or `1:02`. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}
