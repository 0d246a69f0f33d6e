import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fakeIO } from '../testing.js';
import { displayWidth } from './fit.js';
import { printList } from './print.js';

/** Display width: East Asian wide / full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const rows = [
  { no: 'CAF0000000001', name: '日本　太郎', service: '[100M] ファミリー' },
  { no: 'COP00000001', name: 'Splashtop', service: 'Splashtop Business' },
];
const cols = [
  { header: '契約番号', get: (r: (typeof rows)[number]) => r.no },
  { header: '顧客名', get: (r: (typeof rows)[number]) => r.name },
  { header: 'サービス', get: (r: (typeof rows)[number]) => r.service },
];

describe('output', () => {
  it('aligns Japanese columns on a terminal: full-width characters count double', async () => {
    const { io, out } = fakeIO({ tty: true });
    io.setColor(false);
    await printList(io, rows, cols);
    const lines = out().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    const widths = new Set(lines.map(width));
    expect(widths.size).toBe(1);
    expect(out()).not.toMatch(/\u001b\[/);
  });

  it('prints tab-separated rows without a header in a pipe', async () => {
    const { io, out } = fakeIO({ tty: false });
    await printList(io, rows, cols);
    expect(out()).toBe('CAF0000000001\t日本　太郎\t[100M] ファミリー\nCOP00000001\tSplashtop\tSplashtop Business\n');
  });

  it('prints the JSON value with --json', async () => {
    const { io, out } = fakeIO({ tty: true });
    io.json = true;
    await printList(io, rows, cols);
    expect(JSON.parse(out())).toEqual(rows);
  });
});

describe('a table fitted to the terminal', () => {
  const calls = [
    { at: '2023-12-01 10:19:00', type: 'ひかり電話・県内', from: '0611115555', to: '0638846327', dur: '00:00:34', charge: '8円' },
    { at: '2023-12-01 13:22:00', type: '移動体', from: '0611112222', to: '09030606544', dur: '00:00:05', charge: '16円' },
  ];
  type Call = (typeof calls)[number];
  const callCols = [
    { header: '日時', get: (r: Call) => r.at },
    { header: '利用種類', get: (r: Call) => r.type, truncate: true },
    { header: '通話元', get: (r: Call) => r.from },
    { header: '通話先', get: (r: Call) => r.to },
    { header: '通話時間', get: (r: Call) => r.dur },
    { header: '料金', get: (r: Call) => r.charge, align: 'right' as const },
  ];
  const contracts = [
    { no: 'CAF0000000001', service: '[100M] ファミリー', name: '日本　太郎', address: '大阪府大阪市都島区東野田町 1丁目2番3号 メディアビル101' },
    { no: 'COP00000001', service: 'Splashtop', name: '日本　太郎', address: '大阪府大阪市都島区東野田町 1丁目2番3号 メディアビル101' },
  ];
  type Contract = (typeof contracts)[number];
  const contractCols = [
    { header: '契約番号', get: (r: Contract) => r.no },
    { header: 'サービス', get: (r: Contract) => r.service, truncate: true },
    { header: '顧客名', get: (r: Contract) => r.name, truncate: true },
    { header: '設置場所住所', get: (r: Contract) => r.address, truncate: true },
  ];

  const print = async <T>(rows: T[], cols: { header: string; get: (r: T) => string; truncate?: boolean }[], columns?: number, tty = true) => {
    const f = fakeIO({ tty, ...(columns !== undefined ? { columns } : {}) });
    await printList(f.io, rows, cols);
    // colour escapes (cli-table3 colours under CI=true) are not what is measured here
    return stripVTControlCharacters(f.out());
  };

  it.each([40, 60, 80, 100, 120])('no line is wider than a %i-column terminal; IDs and numbers stay whole', async (columns) => {
    const out = await print(contracts, contractCols, columns);
    const lines = out.trimEnd().split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
    // every line as wide as the others: Japanese counted two columns a character
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
    expect(out).toContain('CAF0000000001');
    expect(out).toContain('COP00000001');
  });

  it('the widest free-text column is cut with … and the table stays whole at 80 columns', async () => {
    const out = await print(contracts, contractCols, 80);
    expect(out).toContain('[100M] ファミリー');
    expect(out).toContain('日本　太郎');
    expect(out).toMatch(/大阪府大阪市[^│]*…/);
    expect(out).not.toContain('メディアビル101');
  });

  it('call records fit 80 columns without losing a character (key columns only, no cell padding)', async () => {
    const out = await print(calls, callCols, 80);
    const lines = out.trimEnd().split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(out).toContain('│2023-12-01 10:19:00│ひかり電話・県内│0611115555│0638846327 │00:00:34│ 8円│');
    // wide enough: the usual padding
    expect(await print(calls, callCols, 120)).toContain('│ 2023-12-01 10:19:00 │ ひかり電話・県内 │');
  });

  it('at 70 columns call records cut only the usage type', async () => {
    const out = await print(calls, callCols, 70);
    for (const l of out.trimEnd().split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(70);
    expect(out).toContain('│ひかり電話…│');
    for (const whole of ['2023-12-01 10:19:00', '0611115555', '0638846327', '09030606544', '00:00:34', '16円']) expect(out).toContain(whole);
    expect(out).not.toContain('ひかり電話・県内');
    expect(out).toContain('…');
  });

  it('narrower than the key columns themselves: they stay whole, the free text at its shortest', async () => {
    const out = await print(calls, callCols, 40);
    for (const whole of ['2023-12-01 10:19:00', '0611115555', '09030606544', '00:00:34']) expect(out).toContain(whole);
    expect(out).toContain('│ひか…│');
  });

  it.each([0, undefined])('a terminal reporting %s columns gets the table as wide as its cells (no width-based layout)', async (columns) => {
    const natural = await print(contracts, contractCols);
    expect(await print(contracts, contractCols, columns)).toBe(natural);
    expect(natural).toContain('メディアビル101');
  });

  it('a pipe gets full values, tab-separated, whatever the width', async () => {
    for (const columns of [0, 40, 80]) {
      expect(await print(contracts, contractCols, columns, false)).toBe(
        'CAF0000000001\t[100M] ファミリー\t日本　太郎\t大阪府大阪市都島区東野田町 1丁目2番3号 メディアビル101\n' +
          'COP00000001\tSplashtop\t日本　太郎\t大阪府大阪市都島区東野田町 1丁目2番3号 メディアビル101\n',
      );
    }
  });

  it('a multi-line cell becomes one line, so the rows stay aligned', async () => {
    const out = await print([{ ...contracts[0]!, service: '一行目\n二行目' }], contractCols, 120);
    expect(out).toContain('一行目 二行目');
  });
});

describe('an empty list', () => {
  it('says so on stderr at a terminal instead of printing a bare header', async () => {
    const f = fakeIO({ tty: true, columns: 80 });
    await printList(f.io, [], cols, [], { empty: 'No contracts.' });
    expect(f.out()).toBe('');
    expect(f.err()).toBe('No contracts.\n');
  });

  it('stays valid machine output: nothing in a pipe, [] with --json', async () => {
    const pipe = fakeIO();
    await printList(pipe.io, [], cols, [], { empty: 'No contracts.' });
    expect(pipe.out()).toBe('');
    expect(pipe.err()).toBe('');
    const json = fakeIO({ tty: true });
    json.io.json = true;
    await printList(json.io, [], cols, [], { empty: 'No contracts.' });
    expect(JSON.parse(json.out())).toEqual([]);
    expect(json.err()).toBe('');
  });
});
