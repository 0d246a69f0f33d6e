import { describe, expect, it } from 'vitest';
import { displayWidth, fitWidths, layoutFor, MIN_CUT_WIDTH, oneLine, overhead, truncateToWidth } from './fit.js';

describe('fitting a table to the terminal', () => {
  it('Japanese text counts two columns a character', () => {
    expect(displayWidth('ひかり電話・県内')).toBe(16);
    expect(displayWidth('[100M] ファミリー')).toBe(17);
    expect(displayWidth('日本　太郎')).toBe(10);
    expect(displayWidth('\u001b[36m契約番号\u001b[39m')).toBe(8);
  });

  it('a cut keeps within the width, ends in … and never splits a character', () => {
    expect(truncateToWidth('大阪府大阪市都島区東野田町', 10)).toBe('大阪府大…');
    expect(truncateToWidth('大阪府大阪市都島区東野田町', 9)).toBe('大阪府大…');
    expect(displayWidth(truncateToWidth('大阪府大阪市都島区東野田町', 9))).toBeLessThanOrEqual(9);
    expect(truncateToWidth('Splashtop', 9)).toBe('Splashtop');
    expect(truncateToWidth('Splashtop Business', 9)).toBe('Splashto…');
    expect(truncateToWidth('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
    for (let w = 1; w < 30; w++) expect(displayWidth(truncateToWidth('[100M] ファミリー 大阪府大阪市', w))).toBeLessThanOrEqual(w);
  });

  it('key columns keep their width; free text shares the rest', () => {
    // contract number (key) 13, service 17, address 56 in 50 columns
    expect(fitWidths([13, 17, 56], [false, true, true], 50)).toEqual([13, 17, 20]);
    // a short free-text column keeps its width, the long one takes the rest
    expect(fitWidths([19, 9, 60], [false, true, true], 50)).toEqual([19, 9, 22]);
    // nothing left for the free text: no fit
    expect(fitWidths([40, 30], [false, true], 42)).toBeNull();
    expect(fitWidths([13, 0, 20], [false, true, true], 20)).toEqual([13, 0, 7]);
  });

  it('a table of key columns drops its cell padding before anything is cut', () => {
    // call records: 日時 19, 利用種類 16, 通話元 10, 通話先 11, 通話時間 8, 料金 4 = 68
    const natural = [19, 16, 10, 11, 8, 4];
    const truncate = [false, true, false, false, false, false];
    expect(layoutFor(natural, truncate, 120)).toEqual({ padding: 1, widths: natural });
    expect(layoutFor(natural, truncate, 80)).toEqual({ padding: 0, widths: natural });
    const at70 = layoutFor(natural, truncate, 70);
    expect(at70.widths.reduce((a, b) => a + b, 0) + overhead(6, at70.padding)).toBeLessThanOrEqual(70);
    expect(at70.widths.filter((_, i) => !truncate[i])).toEqual([19, 10, 11, 8, 4]);
    // narrower than the key columns: the cut column at its shortest, the rest whole
    expect(layoutFor(natural, truncate, 40)).toEqual({ padding: 0, widths: [19, MIN_CUT_WIDTH, 10, 11, 8, 4] });
  });

  it('a cell is one line in a fitted table', () => {
    expect(oneLine('一行目\r\n二行目\n\t三行目')).toBe('一行目 二行目 三行目');
  });
});
