import iconv from 'iconv-lite';

/*
 * Shift_JIS as Windows writes it (CP932), for Excel in Japan (D-5). Some characters have a JIS
 * form that CP932 encodes only in its Microsoft form (〜 WAVE DASH vs ～ FULLWIDTH TILDE …):
 * they are mapped the way Windows maps them. A character CP932 cannot encode at all (emoji,
 * rare kanji) is never dropped silently: it becomes 〓 (GETA MARK, the customary "cannot print"
 * sign of Japanese typesetting) and is counted, and the server reports the count in the
 * `X-Unmappable-Chars` header.
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

let encodable: Set<string> | undefined;
/** Every character CP932 can encode, found by decoding every valid byte sequence once. */
function encodableSet(): Set<string> {
  if (encodable) return encodable;
  const set = new Set<string>();
  const add = (bytes: number[]) => {
    const ch = iconv.decode(Buffer.from(bytes), 'cp932');
    if (ch.length >= 1 && !ch.includes('\uFFFD') && [...ch].length === 1) set.add(ch);
  };
  for (let b = 0; b <= 0x7f; b++) add([b]);
  for (let b = 0xa1; b <= 0xdf; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
  }
  encodable = set;
  return set;
}

/** The text CP932 will write, and how many characters had to be replaced by 〓. */
export function toCp932Text(text: string): { text: string; unmappable: number } {
  if (/^[\x20-\x7e\r\n]*$/.test(text)) return { text, unmappable: 0 };
  const set = encodableSet();
  let unmappable = 0;
  let out = '';
  for (const ch of text) {
    const mapped = WINDOWS_MAPPING[ch] ?? ch;
    if (set.has(mapped)) out += mapped;
    else {
      out += REPLACEMENT;
      unmappable += 1;
    }
  }
  return { text: out, unmappable };
}

export function encodeCp932(text: string): Buffer {
  return iconv.encode(toCp932Text(text).text, 'cp932');
}
