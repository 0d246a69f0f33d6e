import { describe, expect, it } from 'vitest';
import { checkTemplate, DEFAULT_TEMPLATE, renderName, sanitizeFileName, TemplateError, versionName, type NameFields } from './names.js';

const oct: NameFields = {
  date: '2023-11-09',
  partner: '日本メディアシステム株式会社',
  amount: 5646,
  month: '2023-10',
  customer: '2NCAF0000000001',
  kind: '請求書/口座振替案内書',
  registration: 'T3120001234567',
  billingId: 'B2023000004',
};

describe('archive file names (D-10)', () => {
  it('default: {取引年月日}_{取引先}_{取引金額}.pdf — the 2023-10 invoice', () => {
    expect(renderName(DEFAULT_TEMPLATE, oct)).toBe('20231109_日本メディアシステム株式会社_5646.pdf');
  });

  it('a template may use the Japanese or the ASCII field names, and the other fields', () => {
    expect(renderName('{year}/{請求年月} {partner} {amount}円 {ご請求番号} {registration}', oct)).toBe('2023_2023-10 日本メディアシステム株式会社 5646円 B2023000004 T3120001234567.pdf');
    expect(renderName('{date}-{customer}-{書類の種類}', oct)).toBe('20231109-2NCAF0000000001-請求書_口座振替案内書.pdf');
  });

  it('an unknown field or a template without a field is refused', () => {
    expect(() => checkTemplate('{取引日}_{取引先}')).toThrow(TemplateError);
    expect(() => checkTemplate('invoice')).toThrow(TemplateError);
    expect(() => checkTemplate('{amount}')).not.toThrow();
  });

  it('characters Windows and macOS refuse are replaced; control characters too', () => {
    expect(sanitizeFileName('a\\b/c:d*e?f"g<h>i|j\u0000k\u202el')).toBe('a_b_c_d_e_f_g_h_i_j_k_l.pdf');
  });

  it('no leading dot (hidden file), no trailing dot or space (Windows drops them), no empty name', () => {
    expect(sanitizeFileName('..secret')).toBe('_secret.pdf');
    expect(sanitizeFileName('name. . ')).toBe('name.pdf');
    expect(sanitizeFileName('   ')).toBe('_.pdf');
  });

  it('Windows device names are not used as they are', () => {
    for (const n of ['CON', 'nul', 'Com1', 'LPT9', 'aux']) expect(sanitizeFileName(n)).toBe(`_${n}.pdf`);
    expect(sanitizeFileName('CONSOLE')).toBe('CONSOLE.pdf');
  });

  it('decomposed kana (as macOS hands it back) is stored composed (NFC)', () => {
    const nfd = 'ガ'.normalize('NFD');
    expect(sanitizeFileName(nfd)).toBe('ガ.pdf');
  });

  it('a very long 取引先 is cut to fit 255 bytes with room for a _N suffix, never mid-character', () => {
    const name = renderName(DEFAULT_TEMPLATE, { ...oct, partner: '長'.repeat(200) });
    expect(Buffer.byteLength(versionName(name, 9999999))).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^20231109_長+_5646\.pdf$/);
    expect(name).not.toContain('\ufffd');
  });

  it('a notice without an amount renders an empty amount', () => {
    expect(renderName('{取引年月日}_{取引金額}', { ...oct, amount: null })).toBe('20231109_.pdf');
  });

  it('versionName: _2, _3 before the extension; the first version keeps its name', () => {
    expect(versionName('a_5646.pdf', 1)).toBe('a_5646.pdf');
    expect(versionName('a_5646.pdf', 2)).toBe('a_5646_2.pdf');
    expect(versionName('a_5646.pdf', 3)).toBe('a_5646_3.pdf');
  });
});
