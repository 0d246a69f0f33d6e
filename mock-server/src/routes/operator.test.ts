import { beforeEach, describe, expect, it } from 'vitest';
import { MAIL_SUBJECTS, type Bill, type News } from '@mypage/api';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { storedData } from '../testing/index.js';
import { activeAccount, bearer, sessionToken } from '../testing/index.js';

let t: TestApp;
let op: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed, now: '2024-01-15T10:00:00+09:00' });
  op = bearer(t.config.operatorToken);
});
const req = (method: string, url: string, body?: unknown, headers = op) =>
  t.app.request(url, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
const address = { postalCode: '1500001', address1: '東京都渋谷区神宮前', address2: '1-1-1', building: '' };
const newGroup = {
  id: 'bg_new',
  name: '株式会社テスト',
  kana: 'カブシキガイシャ　テスト',
  bank: { name: 'テスト銀行', branch: '渋谷支店', accountNumber: '9876543' },
  contracts: [
    {
      contractNumber: 'CAF0000000777',
      group: 'hikari',
      customerName: '株式会社テスト',
      customerKana: 'カブシキガイシャ　テスト',
      registeredAddress: address,
      serviceName: '[1G] ビジネス',
      accessLine: { serviceName: '[1G] ビジネス', status: '提供中', startDate: '2023-11-01', accessKey: 'AbCd1234', constructionDate: '2023-10-30' },
      hikariPhone: [{ serviceName: 'ひかり電話', phoneNumber: '0312340000', details: '基本プラン' }],
    },
  ],
};

describe('back office authentication', () => {
  it('needs the operator token: none, a wrong one or a user session get 401 OPERATOR_AUTH_REQUIRED', async () => {
    const user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    for (const headers of [{}, bearer('wrong'), user]) {
      const res = await req('GET', '/api/v1/operator/inquiries', undefined, headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OPERATOR_AUTH_REQUIRED');
    }
  });
});

describe('customers', () => {
  it('creates a billing group with contracts (customer number 2N + first contract) and adds one', async () => {
    const res = await req('POST', '/api/v1/operator/billing-groups', newGroup);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'bg_new', customerNumber: '2NCAF0000000777', contracts: ['CAF0000000777'], callRecordsFrom: null });
    const add = await req('POST', '/api/v1/operator/contracts', { ...newGroup.contracts[0], contractNumber: '2NCOP00000777', group: 'other', serviceName: 'Lite Storage', accessLine: null, hikariPhone: [], billingGroupId: 'bg_new' });
    expect(add.status).toBe(201);
    expect(((await add.json()) as { contracts: string[] }).contracts).toEqual(['CAF0000000777', 'COP00000777']);
    expect((await req('POST', '/api/v1/operator/billing-groups', { ...newGroup, id: 'bg_other' })).status).toBe(409);
    expect((await req('POST', '/api/v1/operator/billing-groups', { ...newGroup, id: 'bg_bad', contracts: [{ ...newGroup.contracts[0], contractNumber: 'XYZ' }] })).status).toBe(400);
    expect((await req('GET', '/api/v1/operator/billing-groups/bg_missing')).status).toBe(404);
  });
});

describe('publishing mails the group’s users with notification on (R-USER-4, D-6)', () => {
  it('a bill month: published, 通話料 from imported calls, mailed only to active notify-on users of the group', async () => {
    await req('POST', '/api/v1/operator/billing-groups', newGroup);
    const on = await activeAccount(t, 'bg_new', { email: 'on@example.jp', notify: true });
    await activeAccount(t, 'bg_new', { email: 'off@example.jp', notify: false });
    await activeAccount(t, DEMO.groupB.id, { email: 'b@example.jp', notify: true });
    const calls = await req('POST', '/api/v1/operator/call-records', {
      records: [
        { contractNumber: 'CAF0000000777', startedAt: '2023-12-05T09:00:00+09:00', usageType: 'ひかり電話・県間', from: '0312340000', to: '0612345678', durationSeconds: 181 },
        { contractNumber: 'CAF0000000777', startedAt: '2023-12-05T10:00:00+09:00', usageType: '移動体', from: '0312340000', to: '09012345678', durationSeconds: 60 },
      ],
    });
    expect(await calls.json()).toEqual({ imported: 2, totalCharge: 32, months: ['2023-12'] });

    const before = t.mailer.list().length;
    const res = await req('POST', '/api/v1/operator/bills', {
      billingGroupId: 'bg_new',
      month: '2023-12',
      items: [{ contractNumber: 'CAF0000000777', name: '[1G] ビジネス 月額基本料', amount: 8800, remarks: '', taxRate: 10 }],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ notified: ['on@example.jp'] });
    const mails = t.mailer.list().slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'on@example.jp', subject: MAIL_SUBJECTS.invoicePublished, from: 'info-mediahikari@n-media.co.jp' });
    expect(mails[0]!.text).toContain('2023年12月分の請求書/口座振替案内書');

    const user = bearer(await sessionToken(t, on.id));
    const bill = (await (await t.app.request('/api/v1/bills/2023-12', { headers: user })).json()) as Bill;
    expect(bill.contracts[0]!.items).toEqual([
      { name: '[1G] ビジネス 月額基本料', amount: 8800, remarks: '', taxRate: 10 },
      { name: '通話料', amount: 32, remarks: '2件', taxRate: 10 },
    ]);
    expect(bill).toMatchObject({ issuedOn: '2024-01-15', dueDate: '2024-01-27', total: 8832 + 883, callCharges: 32 });
  });

  it('a bill for a contract of another group is refused (404), nothing is published', async () => {
    const res = await req('POST', '/api/v1/operator/bills', { billingGroupId: DEMO.groupB.id, month: '2024-01', items: [{ contractNumber: 'CAF0000000001', name: 'x', amount: 1, taxRate: 10 }] });
    expect(res.status).toBe(404);
    expect((await storedData(t)).bills.some((b) => b.billingGroupId === DEMO.groupB.id && b.month === '2024-01')).toBe(false);
  });

  it('an opening notice: listed and downloadable, mailed to the group', async () => {
    const res = await req('POST', '/api/v1/operator/opening-notices', { contractNumber: 'CAF0000000002', date: '2024-01-15' });
    expect(await res.json()).toEqual({ notified: ['taro@example.jp'] });
    const mail = t.mailer.list({ to: 'taro@example.jp' }).at(-1)!;
    expect(mail.subject).toBe(MAIL_SUBJECTS.noticePublished);
    expect(mail.text).toContain('CAF0000000002');
    const user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    const list = (await (await t.app.request('/api/v1/contracts/CAF0000000002/opening-notices', { headers: user })).json()) as { items: { date: string }[] };
    expect(list.items.map((n) => n.date)).toEqual(['2024-01-15']);
    expect((await t.app.request('/api/v1/contracts/CAF0000000002/opening-notices/2024-01-15.pdf', { headers: user })).status).toBe(200);
  });

  it('news: for every group mails every group’s notify-on users; for one group only that group', async () => {
    await activeAccount(t, DEMO.groupB.id, { email: 'b@example.jp' });
    const all = await req('POST', '/api/v1/operator/news', { title: 'メンテナンスのお知らせ', body: '1月20日 2:00～4:00' });
    expect(all.status).toBe(201);
    const news = (await all.json()) as News & { notified: string[] };
    expect(news.notified.sort()).toEqual(['b@example.jp', 'taro@example.jp']);
    expect(news.publishedAt).toBe('2024-01-15T10:00:00+09:00');
    expect(t.mailer.list({ to: 'b@example.jp' }).at(-1)).toMatchObject({ subject: MAIL_SUBJECTS.newsPosted });
    const one = (await (await req('POST', '/api/v1/operator/news', { title: 'B only', billingGroupId: DEMO.groupB.id })).json()) as { notified: string[] };
    expect(one.notified).toEqual(['b@example.jp']);
    const user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    const titles = ((await (await t.app.request('/api/v1/news', { headers: user })).json()) as { items: News[] }).items.map((n) => n.title);
    expect(titles[0]).toBe('メンテナンスのお知らせ');
    expect(titles).not.toContain('B only');
  });
});

describe('call-record import', () => {
  it('computes charges from the rate table and refuses an unknown usage type without importing anything', async () => {
    const count = (await storedData(t)).callRecords.length;
    const bad = await req('POST', '/api/v1/operator/call-records', {
      records: [
        { contractNumber: 'CAF0000000001', startedAt: '2024-01-02T10:00:00+09:00', usageType: 'ひかり電話・県内', from: '0611112222', to: '0612345678', durationSeconds: 10 },
        { contractNumber: 'CAF0000000001', startedAt: '2024-01-02T10:00:00+09:00', usageType: '国際電話', from: '0611112222', to: '0012345678', durationSeconds: 10 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('国際電話');
    expect((await storedData(t)).callRecords.length).toBe(count);
    const badTime = await req('POST', '/api/v1/operator/call-records', { records: [{ contractNumber: 'CAF0000000001', startedAt: 'yesterday', usageType: '移動体', from: '0611112222', to: '09012345678', durationSeconds: 1 }] });
    expect(badTime.status).toBe(400);
    // 2024-01-31T23:59 in UTC is 2024-02-01 in Japan: the call belongs to February (R-FMT-10)
    const ok = await req('POST', '/api/v1/operator/call-records', { records: [{ contractNumber: 'CAF0000000001', startedAt: '2024-01-31T15:30:00Z', usageType: '移動体', from: '0611112222', to: '09012345678', durationSeconds: 121 }] });
    expect(await ok.json()).toEqual({ imported: 1, totalCharge: 48, months: ['2024-02'] });
  });
});

describe('fault switches in the back office', () => {
  it('reads and replaces the rules (flag syntax or objects); bad syntax is a 400', async () => {
    expect(await (await req('GET', '/api/v1/operator/faults')).json()).toEqual({ rules: [], seed: null });
    const set = await req('PUT', '/api/v1/operator/faults', { rules: ['GET /api/v1/bills*=latency:0,fail:1,retry:7'], seed: 1 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ rules: [{ method: 'GET', pattern: '/api/v1/bills*', latencyMs: 0, failRate: 1, dropRate: 0, retryAfterSeconds: 7 }], seed: 1 });
    const user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    const failed = await t.app.request('/api/v1/bills', { headers: user });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    expect((await t.app.request('/api/v1/contracts', { headers: user })).status).toBe(200);
    // the back office itself is never faulted, so the switches can be turned off again
    expect((await req('PUT', '/api/v1/operator/faults', { rules: [] })).status).toBe(200);
    expect((await t.app.request('/api/v1/bills', { headers: user })).status).toBe(200);
    const bad = await req('PUT', '/api/v1/operator/faults', { rules: ['GET /x=fail:2'] });
    expect(bad.status).toBe(400);
  });
});
