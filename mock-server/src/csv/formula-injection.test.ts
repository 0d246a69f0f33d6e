import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { bearer, createTestApp, DEMO, demoSeed, sessionToken, type TestApp } from '../testing/index.js';
import { excelText, neutraliseFormula } from './call-records-csv.js';

/* D-5 CSV: cells a spreadsheet would run as a formula are written as text (OWASP CSV Injection). */

let t: TestApp;
let auth: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
});

// The usage type must be one of the rate table's (D-2); the numbers are free text from the import.
const EVIL = [
  { usageType: '移動体', from: '=HYPERLINK("x",A1)', to: '+81312345678' },
  { usageType: 'ひかり電話・県内', from: '@SUM(1+1)', to: '-2+3+cmd|A0' },
  { usageType: 'PSTN・県間', from: '＝１＋１', to: '0312345678' },
];

async function importEvil(): Promise<void> {
  const res = await t.app.request('/api/v1/operator/call-records', {
    method: 'POST',
    headers: { authorization: `Bearer ${t.config.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ records: EVIL.map((e, i) => ({ contractNumber: 'CAF0000000001', startedAt: `2023-12-31T2${i}:00:00+09:00`, durationSeconds: 30, ...e })) }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function csvText(encoding: 'utf8' | 'utf8-bom' | 'sjis', extra = ''): Promise<string> {
  const res = await t.app.request(`/api/v1/bills/2023-12/call-records.csv?encoding=${encoding}${extra}`, { headers: auth });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return encoding === 'sjis' ? iconv.decode(bytes, 'cp932') : bytes.toString('utf8').replace(/^\uFEFF/, '');
}

describe('call-record CSV formula injection', () => {
  it.each(['utf8', 'utf8-bom', 'sjis'] as const)('%s: imported cells starting with = + - @ are written as quoted text with a leading quote', async (encoding) => {
    await importEvil();
    const text = await csvText(encoding);
    expect(text).toContain(`,移動体,"'=HYPERLINK(""x"",A1)","'+81312345678",`);
    expect(text).toContain(`,ひかり電話・県内,"'@SUM(1+1)","'-2+3+cmd|A0",`);
    expect(text).toContain(`,PSTN・県間,"'＝１＋１",0312345678,`);
    // no cell of the file begins with a formula sign any more
    const rows = parse(text, { relax_column_count: false }) as string[][];
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    // ordinary rows are untouched: numbers stay numbers, the guide's rows as they were
    expect(text).toContain('2023-12-01 10:19:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8\r\n');
  });

  it('neutralises = + - @ TAB CR LF (OWASP) and their full-width forms, and nothing else', () => {
    for (const bad of ['=1+2', '+81312345678', '-1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '＝1', '＋81', '－1', '＠x']) expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    for (const good of ['0312345678', 'ひかり電話・県内', '移動体', '', '1+1', 'a=b']) expect(neutraliseFormula(good)).toBe(good);
  });
  it.each(['utf8', 'utf8-bom', 'sjis'] as const)('%s with excel=true: digit-only numbers become ="…" text, neutralised cells are never put in a formula', async (encoding) => {
    await importEvil();
    const text = await csvText(encoding, '&excel=true&contractColumn=true');
    expect(text).toContain(`,移動体,"'=HYPERLINK(""x"",A1)","'+81312345678",`);
    expect(text).toContain(`,ひかり電話・県内,"'@SUM(1+1)","'-2+3+cmd|A0",`);
    expect(text).toContain(`,PSTN・県間,"'＝１＋１","=""0312345678""",`);
    expect(text).toContain('2023-12-01 10:19:00,ひかり電話・県内,"=""0611115555""","=""0638846327""",00:00:34,8,CAF0000000001\r\n');
    // every formula in the file is a constant string of digits
    const rows = parse(text) as string[][];
    for (const row of rows) for (const cell of row) if (/^[=+\-@＝＋－＠]/.test(cell)) expect(cell).toMatch(/^="[0-9]+"$/);
  });

  it('excelText wraps a cell of ASCII digits only', () => {
    expect(excelText('0611115555')).toBe('="0611115555"');
    expect(excelText('1234567890')).toBe('="1234567890"');
    for (const other of ["'+81312345678", '0"&HYPERLINK("x")&"', '06-1111-5555', '０６１１', 'CAF0000000001', '', '0611115555 ']) expect(excelText(other)).toBe(other);
  });
});
