import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { REPLACEMENT, WINDOWS_MAPPING, encodeCp932, toCp932Text, unmappableIn } from './cp932.js';

describe('CP932 text (D-5)', () => {
  it('maps each JIS form to the character Windows writes for it, which CP932 encodes and decodes back', () => {
    for (const [jis, windows] of Object.entries(WINDOWS_MAPPING)) {
      const bytes = encodeCp932(jis);
      expect(bytes.length, jis).toBe(2);
      expect(iconv.decode(bytes, 'cp932'), jis).toBe(windows);
    }
    expect(iconv.decode(encodeCp932('〜'), 'cp932')).toBe('～');
    expect([...encodeCp932('〜')]).toEqual([0x81, 0x60]);
  });

  it('unmappableIn counts what toCp932Text counts, for every UTF-16 code unit, surrogate pairs and lone surrogates (the X-Unmappable-Chars header, D-5)', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const ch = String.fromCharCode(unit);
      if (unmappableIn(ch) !== toCp932Text(ch).unmappable) throw new Error(`U+${unit.toString(16)}: ${unmappableIn(ch)} vs ${toCp932Text(ch).unmappable}`);
    }
    for (const text of ['a😀b𠮷', '\ud800x', 'x\udc00', '\ud83d\ude00\ud83d', 'ひかり電話・県内 〜 ‖ − — ¢ £ ¬ ¦ ①', '0312345678', '']) {
      expect(unmappableIn(text)).toBe(toCp932Text(text).unmappable);
    }
    expect(unmappableIn('a😀b𠮷')).toBe(2);
  });

  it('replaces an unmappable character with 〓 and counts it; surrogate pairs count once', () => {
    expect(toCp932Text('a😀b𠮷')).toEqual({ text: `a${REPLACEMENT}b${REPLACEMENT}`, unmappable: 2 });
    expect(toCp932Text('ひかり電話・県内 ～ ①')).toEqual({ text: 'ひかり電話・県内 ～ ①', unmappable: 0 });
    expect(iconv.decode(encodeCp932('😀'), 'cp932')).toBe('〓');
  });
});

/**
 * The encoder as it was before the table, as the reference: the characters some CP932 byte
 * sequence decodes to are kept (after the Windows mapping), the rest become 〓, then iconv-lite
 * encodes the text.
 */
let decodable: Set<string> | undefined;
function referenceEncode(text: string): Buffer {
  if (!decodable) {
    decodable = new Set<string>();
    const add = (bytes: number[]) => {
      const ch = iconv.decode(Buffer.from(bytes), 'cp932');
      if (ch.length >= 1 && !ch.includes('\uFFFD') && [...ch].length === 1) decodable!.add(ch);
    };
    for (let b = 0; b <= 0x7f; b++) add([b]);
    for (let b = 0xa1; b <= 0xdf; b++) add([b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
    }
  }
  let out = '';
  for (const ch of text) {
    const mapped = WINDOWS_MAPPING[ch] ?? ch;
    out += decodable.has(mapped) ? mapped : REPLACEMENT;
  }
  return iconv.encode(out, 'cp932');
}

describe('table-driven CP932 encoder: the same bytes as iconv-lite', () => {
  it('writes every BMP character as iconv-lite does (after the Windows mapping), 〓 where CP932 has none', () => {
    const mismatches: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const ch = String.fromCharCode(unit);
      const got = encodeCp932(ch);
      const want = referenceEncode(ch);
      // The one deliberate difference: the user-defined area (U+E000–U+E757), which iconv-lite
      // decodes from F040–F9FC but encodes as '?', is written as Windows writes it.
      const userDefined = unit >= 0xe000 && unit <= 0xe757 && want.equals(Buffer.from('?')) && iconv.decode(got, 'cp932') === ch;
      if (!got.equals(want) && !userDefined) mismatches.push(`U+${unit.toString(16).padStart(4, '0')} ${got.toString('hex')} ≠ ${want.toString('hex')}`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('a lone surrogate and a pair each become one 〓; text around them is kept', () => {
    const geta = [...iconv.encode(REPLACEMENT, 'cp932')];
    expect([...encodeCp932('a\uD83D\uDE00b')]).toEqual([0x61, ...geta, 0x62]);
    expect([...encodeCp932('a\uD83Db')]).toEqual([0x61, ...geta, 0x62]);
    expect([...encodeCp932('a\uDE00b')]).toEqual([0x61, ...geta, 0x62]);
    expect([...encodeCp932('\uD83D')]).toEqual(geta);
  });

  it('encodes a realistic CSV chunk exactly as the reference does', () => {
    const text = '日時,利用種類,通話元,通話先,通話時間,料金\r\n2023-12-01 10:19:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8\r\n〜−‖—¢£¬¦ ｱｲｳ ①Ⅻ㈱ 髙﨑 𠮷\r\n';
    expect(encodeCp932(text).equals(referenceEncode(text))).toBe(true);
  });
});
