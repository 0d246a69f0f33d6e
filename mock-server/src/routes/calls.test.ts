import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { CALL_RECORD_CSV_HEADER, type CallRecord, type CallRecordPage } from '@mypage/api';
import { DEMO } from '../seed/demo.js';
import { GUIDE_CALLS } from '../seed/demo-resources.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { bearer, sessionToken } from '../testing/index.js';

let t: TestApp;
let auth: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
});
const get = (url: string) => t.app.request(url, { headers: auth });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

async function allRecords(query = ''): Promise<CallRecord[]> {
  const out: CallRecord[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/v1/bills/2023-12/call-records?limit=13${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as CallRecordPage;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('call records (R-CALL-1..2, D-2)', () => {
  it('opens 2023-12 with the guide’s ten sample rows and reproduces their charges exactly', async () => {
    const page = (await (await get('/api/v1/bills/2023-12/call-records?limit=10')).json()) as CallRecordPage;
    expect(page.month).toBe('2023-12');
    expect(page.items.map((r) => [r.startedAt, r.usageType, r.from, r.to, r.durationSeconds, r.charge])).toEqual(
      GUIDE_CALLS.map((g) => [g.at, g.usageType, g.from, g.to, g.duration.split(':').reduce((s, p) => s * 60 + Number(p), 0), g.charge]),
    );
    expect(page.items.map((r) => r.charge)).toEqual([8, 8, 8, 16, 16, 8, 8, 8, 8, 16]);
    expect(page.items[0]!.startedAt).toBe('2023-12-01T10:19:00+09:00');
    expect(page.nextCursor).not.toBeNull();
  });

  it('pages through the month with an opaque cursor: every row once, in time order', async () => {
    const rows = await allRecords();
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.map((r) => r.startedAt)).toEqual([...rows.map((r) => r.startedAt)].sort());
    const oneBig = (await (await get('/api/v1/bills/2023-12/call-records?limit=1000')).json()) as CallRecordPage;
    expect(oneBig.items.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(oneBig.nextCursor).toBeNull();
  });

  it('shows records imported after the month was read (the index follows new records)', async () => {
    const before = await allRecords();
    const res = await t.app.request('/api/v1/operator/call-records', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.config.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ contractNumber: 'CAF0000000001', startedAt: '2023-12-01T10:20:00+09:00', usageType: '移動体', from: '0611115555', to: '09000000000', durationSeconds: 30 }] }),
    });
    expect(res.status).toBe(201);
    const after = await allRecords();
    expect(after).toHaveLength(before.length + 1);
    expect(after[1]).toMatchObject({ startedAt: '2023-12-01T10:20:00+09:00', charge: 16 });
    const bill = (await (await get('/api/v1/bills/2023-12')).json()) as { callCharges: number };
    expect(bill.callCharges).toBe(after.reduce((s, r) => s + r.charge, 0));
  });

  it('filters by contract (2N… accepted) and by calling number', async () => {
    const all = await allRecords();
    expect(await allRecords('&contract=2NCAF0000000001')).toHaveLength(all.length);
    expect((await (await get('/api/v1/bills/2023-12/call-records?contract=CAF0000000002')).json()) as CallRecordPage).toMatchObject({ items: [], nextCursor: null });
    const fromOne = await allRecords('&phone=06-1111-2222');
    expect(fromOne.length).toBe(all.filter((r) => r.from === '0611112222').length);
    expect(fromOne.every((r) => r.from === '0611112222')).toBe(true);
  });

  it('is not visible before the month after the application (R-CALL-1): CALL_RECORDS_NOT_ENABLED', async () => {
    for (const path of ['call-records', 'call-records.csv']) {
      const res = await get(`/api/v1/bills/2023-11/${path}`);
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe('CALL_RECORDS_NOT_ENABLED');
      expect(error.message).toContain('2023年12月');
    }
  });

  it('answers bad input with 4xx: cursor, limit 0 / 100000, contract shape, another group’s contract, phone', async () => {
    const cases: [string, number, string][] = [
      ['?cursor=garbage', 400, 'VALIDATION_FAILED'],
      [`?cursor=${Buffer.from('{"k":"2023-11||","t":"x","i":"y"}').toString('base64url')}`, 400, 'VALIDATION_FAILED'],
      ['?limit=0', 400, 'VALIDATION_FAILED'],
      ['?limit=100000', 400, 'VALIDATION_FAILED'],
      ['?limit=ten', 400, 'VALIDATION_FAILED'],
      ['?contract=CAF1', 400, 'VALIDATION_FAILED'],
      [`?contract=${DEMO.groupB.contractNumber}`, 404, 'CONTRACT_NOT_FOUND'],
      ['?phone=abc', 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of cases) {
      const res = await get(`/api/v1/bills/2023-12/call-records${query}`);
      expect(res.status, query).toBe(status);
      expect((await errorOf(res)).code, query).toBe(code);
    }
    const page = (await (await get('/api/v1/bills/2023-12/call-records?limit=5')).json()) as CallRecordPage;
    const otherFilter = await get(`/api/v1/bills/2023-12/call-records?phone=0611112222&cursor=${page.nextCursor}`);
    expect(otherFilter.status).toBe(400); // a cursor belongs to its month and filter
  });
});

describe('call-record CSV (R-CALL-3, D-5)', () => {
  it('streams UTF-8 with the Japanese header, CRLF, full JST date-time, one row per call', async () => {
    const res = await get('/api/v1/bills/2023-12/call-records.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('call-records-2023-12.csv');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CALL_RECORD_CSV_HEADER.join(','));
    expect(lines[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
    expect(lines[1]).toBe('2023-12-01 10:19:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8');
    expect(lines[10]).toBe('2023-12-01 13:22:00,移動体,0611112222,09030606544,00:00:05,16');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const json = await allRecords();
    expect(rows).toHaveLength(json.length);
    expect(rows.map((r) => Number(r['料金']))).toEqual(json.map((r) => r.charge));
  });

  it('round-trips in all three encodings (UTF-8, UTF-8 with BOM, Shift_JIS decoded with CP932)', async () => {
    const utf8 = Buffer.from(await (await get('/api/v1/bills/2023-12/call-records.csv?encoding=utf8')).arrayBuffer());
    const bomRes = await get('/api/v1/bills/2023-12/call-records.csv?encoding=utf8-bom');
    const bom = Buffer.from(await bomRes.arrayBuffer());
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.subarray(3).equals(utf8)).toBe(true);
    const sjisRes = await get('/api/v1/bills/2023-12/call-records.csv?encoding=sjis');
    expect(sjisRes.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(sjisRes.headers.get('x-unmappable-chars')).toBe('0');
    const sjis = Buffer.from(await sjisRes.arrayBuffer());
    expect(sjis.equals(utf8)).toBe(false);
    expect(iconv.decode(sjis, 'cp932')).toBe(utf8.toString('utf8'));
  });

  it('maps the characters CP932 writes differently as Windows does, and counts (never drops) the unmappable', async () => {
    const op = { authorization: `Bearer ${t.config.operatorToken}`, 'content-type': 'application/json' };
    const imported = await t.app.request('/api/v1/operator/call-records', {
      method: 'POST',
      headers: op,
      body: JSON.stringify({
        records: [
          { contractNumber: 'CAF0000000001', startedAt: '2023-12-31T23:00:00', usageType: '移動体', from: '0611112222', to: '〜−‖—¢£¬', durationSeconds: 61 },
          { contractNumber: 'CAF0000000001', startedAt: '2023-12-31T23:30:00+09:00', usageType: 'PSTN・県内', from: '0611112222', to: '😀0612345678', durationSeconds: 0 },
        ],
      }),
    });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toEqual({ imported: 2, totalCharge: 32, months: ['2023-12'] });

    const utf8 = await (await get('/api/v1/bills/2023-12/call-records.csv')).text();
    expect(utf8).toContain('2023-12-31 23:00:00,移動体,0611112222,〜−‖—¢£¬,00:01:01,32\r\n');
    const res = await get('/api/v1/bills/2023-12/call-records.csv?encoding=sjis');
    expect(res.headers.get('x-unmappable-chars')).toBe('1');
    const decoded = iconv.decode(Buffer.from(await res.arrayBuffer()), 'cp932');
    expect(decoded).toContain('2023-12-31 23:00:00,移動体,0611112222,～－∥―￠￡￢,00:01:01,32\r\n');
    expect(decoded).toContain('2023-12-31 23:30:00,PSTN・県内,0611112222,〓0612345678,00:00:00,0\r\n');
    expect(decoded.split('\r\n')).toHaveLength(utf8.split('\r\n').length);
  });

  it('D-5: X-Unmappable-Chars is the number of 〓 the encoder wrote, for every filter of the export, after imports and a re-issued bill', async () => {
    const op = { authorization: `Bearer ${t.config.operatorToken}`, 'content-type': 'application/json' };
    const importCalls = async (records: { contractNumber: string; from: string; to: string }[]) => {
      const res = await t.app.request('/api/v1/operator/call-records', {
        method: 'POST',
        headers: op,
        body: JSON.stringify({ records: records.map((r, i) => ({ ...r, startedAt: `2023-12-30T1${i}:00:00+09:00`, usageType: 'ひかり電話・県内', durationSeconds: 30 })) }),
      });
      expect(res.status).toBe(201);
    };
    const geta = (text: string) => text.split('〓').length - 1;
    /** [header, 〓 in the Shift_JIS file less those already in the text] for each filter */
    const check = async () => {
      const out: number[] = [];
      for (const query of ['', '&contract=CAF0000000002', '&phone=06-1111-2222', '&phone=0611115555', '&contract=COP00000001', '&contractColumn=true&excel=true']) {
        const res = await get(`/api/v1/bills/2023-12/call-records.csv?encoding=sjis${query}`);
        expect(res.status).toBe(200);
        const header = Number(res.headers.get('x-unmappable-chars'));
        const written = geta(iconv.decode(Buffer.from(await res.arrayBuffer()), 'cp932')) - geta(await (await get(`/api/v1/bills/2023-12/call-records.csv?encoding=utf8${query}`)).text());
        expect(header, query).toBe(written);
        out.push(header);
      }
      return out;
    };
    expect(await check()).toEqual([0, 0, 0, 0, 0, 0]);
    await importCalls([
      { contractNumber: 'CAF0000000001', from: '0611112222', to: '😀0612345678' },
      { contractNumber: 'CAF0000000002', from: '0611115555', to: '𠮷野家😀' },
      { contractNumber: 'CAF0000000002', from: '0611112222', to: '〓〜①' }, // a 〓 of its own is text, not a replacement
    ]);
    expect(await check()).toEqual([3, 2, 1, 2, 0, 3]);
    // the month's bill published again (D-10) changes nothing in its call records
    const reissue = await t.app.request('/api/v1/operator/bills', {
      method: 'POST',
      headers: op,
      body: JSON.stringify({ billingGroupId: DEMO.groupA.id, month: '2023-12', dueDate: '2030-01-27', items: [{ contractNumber: 'CAF0000000001', name: '訂正', amount: 1000, remarks: '', taxRate: 10 }] }),
    });
    expect(reissue.status).toBe(201);
    expect(await check()).toEqual([3, 2, 1, 2, 0, 3]);
    await importCalls([{ contractNumber: 'CAF0000000001', from: '0611115555', to: '😀😀' }]);
    expect(await check()).toEqual([5, 2, 1, 4, 0, 5]);
  });

  it.each(['utf8', 'utf8-bom', 'sjis'] as const)('contractColumn=true (%s) adds 契約番号 after the six D-5 columns; without it the file is unchanged', async (encoding) => {
    const read = async (query: string) => {
      const bytes = Buffer.from(await (await get(`/api/v1/bills/2023-12/call-records.csv?encoding=${encoding}${query}`)).arrayBuffer());
      return encoding === 'sjis' ? iconv.decode(bytes, 'cp932') : bytes.toString('utf8').replace(/^\uFEFF/, '');
    };
    const plain = (await read('')).split('\r\n');
    const withContract = (await read('&contractColumn=true')).split('\r\n');
    expect(plain[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
    expect(withContract[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金,契約番号');
    expect(withContract).toHaveLength(plain.length);
    const json = await allRecords();
    for (const [i, r] of json.entries()) expect(withContract[i + 1]).toBe(`${plain[i + 1]},${r.contractNumber}`);
    expect(await read('&contractColumn=false')).toBe(plain.join('\r\n'));
  });

  it('excel=true names its file as such and keeps the charge a number', async () => {
    const res = await get('/api/v1/bills/2023-12/call-records.csv?excel=true');
    expect(res.headers.get('content-disposition')).toContain('call-records-2023-12-excel.csv');
    expect((await res.text()).split('\r\n')[1]).toBe('2023-12-01 10:19:00,ひかり電話・県内,"=""0611115555""","=""0638846327""",00:00:34,8');
  });

  it('a flag other than true or false is refused with 400', async () => {
    expect((await get('/api/v1/bills/2023-12/call-records.csv?excel=yes')).status).toBe(400);
    expect((await get('/api/v1/bills/2023-12/call-records.csv?contractColumn=1')).status).toBe(400);
  });

  it('answers an encoding that does not exist with 400, another group’s contract with 404', async () => {
    const res = await get('/api/v1/bills/2023-12/call-records.csv?encoding=latin1');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED');
    const other = await get(`/api/v1/bills/2023-12/call-records.csv?contract=${DEMO.groupB.contractNumber}`);
    expect(other.status).toBe(404);
  });
});
