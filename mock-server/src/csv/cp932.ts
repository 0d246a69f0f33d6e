import iconv from 'iconv-lite';

/*
 * Shift_JIS as Windows writes it (CP932), for Excel in Japan (D-5). Some characters have a JIS
 * form that CP932 encodes only in its Microsoft form (〜 WAVE DASH vs ～ FULLWIDTH TILDE …):
 * they are mapped the way Windows maps them. A character CP932 cannot encode at all (emoji,
 * rare kanji) is never dropped silently: it becomes 〓 (GETA MARK, the customary "cannot print"
 * sign of Japanese typesetting) and is counted, and the server reports the count in the
 * `X-Unmappable-Chars` header.
 *
 * Speed: the encoder is one table lookup per UTF-16 code unit. The table (65,536 entries, 128 KiB)
 * is built once, at first use, by decoding every valid CP932 byte sequence with iconv-lite — so the
 * bytes are exactly iconv-lite's — and then folding in the Windows mapping and the replacement.
 */
export const WINDOWS_MAPPING: Readonly<Record<string, string>> = {
  '\u301C': '\uFF5E', // 〜 WAVE DASH → ～ FULLWIDTH TILDE
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
  '\u2212': '\uFF0D', // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
  '\u2014': '\u2015', // — EM DASH → ― HORIZONTAL BAR
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
  '\u00A6': '\uFFE4', // ¦ → ￤
};
export const REPLACEMENT = '\u3013'; // 〓

/** No CP932 form: written as 〓. (0 itself is NUL's one-byte form, so "none" needs its own value.) */
const NONE = 0xffff;
let table: Uint16Array | undefined;

/**
 * Code unit → CP932 bytes: a value below 0x100 is one byte, above it the lead byte in the high
 * half and the trail byte in the low half; NONE where CP932 has no form. Where two byte sequences
 * decode to the same character (NEC and IBM duplicates), the first one in byte order wins, which is
 * the one Windows writes and iconv-lite encodes.
 */
function cp932Table(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(0x10000).fill(NONE);
  const add = (bytes: number[]) => {
    const ch = iconv.decode(Buffer.from(bytes), 'cp932');
    if (ch.length !== 1 || ch === '\uFFFD') return;
    const unit = ch.charCodeAt(0);
    if (unit >= 0xd800 && unit <= 0xdfff) return;
    if (t[unit] !== NONE) return;
    t[unit] = bytes.length === 1 ? bytes[0]! : (bytes[0]! << 8) | bytes[1]!;
  };
  for (let b = 0; b <= 0x7f; b++) add([b]);
  for (let b = 0xa1; b <= 0xdf; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
  }
  // Prefer what iconv-lite itself writes for a character (for the few with several decodings).
  for (let unit = 0x80; unit < 0x10000; unit++) {
    if (t[unit] === NONE || (unit >= 0xd800 && unit <= 0xdfff)) continue;
    const bytes = iconv.encode(String.fromCharCode(unit), 'cp932');
    if (bytes.length === 2) t[unit] = (bytes[0]! << 8) | bytes[1]!;
    else if (bytes.length === 1 && bytes[0] !== 0x3f) t[unit] = bytes[0]!;
  }
  for (const [jis, windows] of Object.entries(WINDOWS_MAPPING)) t[jis.charCodeAt(0)] = t[windows.charCodeAt(0)]!;
  table = t;
  return t;
}

const replacementUnit = REPLACEMENT.charCodeAt(0);
const WINDOWS_UNITS: Readonly<Record<number, true>> = Object.fromEntries(Object.keys(WINDOWS_MAPPING).map((c) => [c.charCodeAt(0), true]));

/** The text CP932 will write, and how many characters had to be replaced by 〓. */
export function toCp932Text(text: string): { text: string; unmappable: number } {
  const t = cp932Table();
  // Most text passes unchanged: find the first character that needs a change before building a copy.
  let i = 0;
  for (; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80 && (t[unit] === NONE || unit in WINDOWS_UNITS || (unit >= 0xd800 && unit <= 0xdfff))) break;
  }
  if (i === text.length) return { text, unmappable: 0 };
  let unmappable = 0;
  let out = text.slice(0, i);
  for (const ch of text.slice(i)) {
    const mapped = WINDOWS_MAPPING[ch];
    if (mapped !== undefined) out += mapped;
    else if (ch.length === 1 && t[ch.charCodeAt(0)] !== NONE) out += ch;
    else {
      out += REPLACEMENT;
      unmappable += 1;
    }
  }
  return { text: out, unmappable };
}

/**
 * How many characters of `text` CP932 cannot write (each would become 〓): what
 * `toCp932Text(text).unmappable` answers, without building the text — every call record is counted
 * when it is stored (unmappable.ts), for the header the Shift_JIS export sends before its body.
 */
export function unmappableIn(text: string): number {
  const t = cp932Table();
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++; // the pair is one character
      n++;
    } else if (t[unit] === NONE && !(unit in WINDOWS_UNITS)) n++;
  }
  return n;
}

/**
 * CP932 bytes of `text`: one table lookup per code unit into a buffer sized for the worst case
 * (two bytes per unit). A surrogate pair (one character outside the BMP, which CP932 never has)
 * and a lone surrogate each become one 〓.
 */
export function encodeCp932(text: string): Buffer {
  const t = cp932Table();
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    let code: number;
    if (unit < 0x80) {
      out[n++] = unit;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++; // the pair is one character
      unit = replacementUnit;
    }
    code = t[unit]!;
    if (code === NONE) code = t[replacementUnit]!;
    if (code > 0xff) {
      out[n++] = code >> 8;
      out[n++] = code & 0xff;
    } else out[n++] = code;
  }
  return out.subarray(0, n);
}
