import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { REPLACEMENT, WINDOWS_MAPPING, encodeCp932, toCp932Text } from './cp932.js';

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

  it('replaces an unmappable character with 〓 and counts it; surrogate pairs count once', () => {
    expect(toCp932Text('a😀b𠮷')).toEqual({ text: `a${REPLACEMENT}b${REPLACEMENT}`, unmappable: 2 });
    expect(toCp932Text('ひかり電話・県内 ～ ①')).toEqual({ text: 'ひかり電話・県内 ～ ①', unmappable: 0 });
    expect(iconv.decode(encodeCp932('😀'), 'cp932')).toBe('〓');
  });
});
