import { MAIL_SUBJECTS } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { MAIL_FROM } from '../mail/mailer.js';
import { DEMO, GROUP_B, demoApp, get, post, readRegistrationMail, registerGroupB, signIn, startGroupB } from '../testing/index.js';
import { storedData } from '../testing/index.js';

const START = '/api/v1/registrations';

describe('registration start (R-REG-2..4)', () => {
  it('R-REG-3: a mismatch answers 指定の顧客は存在しません。 and creates nothing', async () => {
    const t = await demoApp();
    const before = JSON.stringify((await storedData(t)));
    for (const wrong of [
      { postalCode: '1000002' },
      { customerName: 'ベツノ カイシャ' },
      { contractNumber: '1234567891' },
      { contractNumber: DEMO.groupC.contractNumber }, // another customer's contract with B's postal code and name
    ]) {
      const res = await post(t, START, { ...GROUP_B, ...wrong });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('CUSTOMER_NOT_FOUND');
      expect(res.body.error.message).toBe('指定の顧客は存在しません。');
    }
    expect(JSON.stringify((await storedData(t)))).toBe(before);
    expect(t.mailer.list()).toHaveLength(0);
  });

  it('R-REG-2: the terms must be agreed', async () => {
    const t = await demoApp();
    const res = await post(t, START, { ...GROUP_B, agreeToTerms: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('TERMS_NOT_ACCEPTED');
    expect((await storedData(t)).accounts).toHaveLength(1);
  });

  it('R-REG-4 / R-REG-6: mails URL, access ID and temporary password from info-mediahikari@n-media.co.jp', async () => {
    const t = await demoApp({ config: { publicUrl: 'https://portal.example.jp' } });
    const res = await post(t, START, GROUP_B);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: expect.stringContaining('仮パスワードを発行いたしました'), sentTo: 's***@example.jp' });
    const reg = readRegistrationMail(t, GROUP_B.email);
    expect(reg.mail.from).toBe(MAIL_FROM);
    expect(reg.mail.from).toBe('info-mediahikari@n-media.co.jp');
    expect(reg.mail.subject).toBe(MAIL_SUBJECTS.registration);
    expect(reg.url).toBe(`https://portal.example.jp/regist/new/${reg.token}`);
    expect(reg.accessId).toMatch(/^[a-z0-9]{6}$/); // R-FMT-1
    expect(reg.temporaryPassword).toMatch(/^[a-z0-9]{8}$/); // R-FMT-3
    expect(reg.mail.text).toContain('有効期間は 10 日です');
    const account = (await storedData(t)).accounts.find((a) => a.accessId === reg.accessId)!;
    expect(account).toMatchObject({ billingGroupId: DEMO.groupB.id, status: 'pending', role: 'admin', passwordHash: null });
  });

  it.each([
    ['2N prefix (お客様番号)', { contractNumber: '2N1234567890' }],
    ['full-width digits', { contractNumber: '１２３４５６７８９０', postalCode: '１０００００１' }],
    ['hyphenated postal code', { postalCode: '100-0001' }],
    ['〒 and full-width hyphen', { postalCode: '〒100－0001' }],
    ['half-width kana', { customerName: 'ｻﾝﾌﾟﾙ' }],
    ['name with 法人格 in kana (group B as registered)', { customerName: 'カブシキガイシャ サンプル' }],
    ['name without 法人格', { customerName: 'サンプル' }],
    ['kanji name with 株式会社', { customerName: '株式会社サンプル' }],
    ['spaces around', { contractNumber: ' 1234567890 ', customerName: ' サンプル ' }],
  ])('R-FMT-4..6: registers group B with %s', async (_label, overrides) => {
    const t = await demoApp();
    const reg = await startGroupB(t, overrides);
    expect(reg.accessId).toMatch(/^[a-z0-9]{6}$/);
  });

  it('R-FMT-4: 2NCAF… is group A’s contract CAF… (already registered)', async () => {
    const t = await demoApp();
    const res = await post(t, START, { email: 'x@example.jp', contractNumber: '2ncaf0000000001', postalCode: '534-0024', customerName: 'ﾆﾎﾝ ﾀﾛｳ', agreeToTerms: true });
    expect(res.body.error.code).toBe('ALREADY_REGISTERED');
    expect(res.status).toBe(409);
  });

  it('R-FMT-4 / R-FMT-5: a malformed contract number or postal code is a validation error naming the accepted shapes', async () => {
    const t = await demoApp();
    const res = await post(t, START, { ...GROUP_B, contractNumber: 'ABC123', postalCode: '12345' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['contractNumber', 'postalCode']);
    expect(res.body.error.details[0].messageEn).toContain('CAF + 10 digits');
  });

  it('R-REG-3: group C (9-digit contract number) registers with its kana name', async () => {
    const t = await demoApp();
    const res = await post(t, START, { email: 'hanako@example.jp', contractNumber: '１２３４５６７８９', postalCode: '060-0001', customerName: 'ｻﾄｳ ﾊﾅｺ', agreeToTerms: true });
    expect(res.status).toBe(202);
  });

  it('decision: an uncompleted registration is replaced by a new start; a completed one answers ALREADY_REGISTERED', async () => {
    const t = await demoApp();
    const first = await startGroupB(t);
    const second = await startGroupB(t, { email: 'other@example.jp' });
    expect((await storedData(t)).accounts.filter((a) => a.billingGroupId === DEMO.groupB.id)).toHaveLength(1);
    expect((await get(t, `${START}/${first.token}`)).body.error.code).toBe('REGISTRATION_LINK_INVALID');
    const done = await post(t, `${START}/${second.token}/complete`, { accessId: second.accessId, temporaryPassword: second.temporaryPassword, newPassword: 'abcd1234' });
    expect(done.status).toBe(200);
    const again = await post(t, START, GROUP_B);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REGISTERED');
  });
});

describe('registration link and completion (R-REG-4, R-REG-5)', () => {
  it('R-REG-4: the URL is valid at 9 days 23 hours and void after 10 days', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    t.clock.advance((9 * 24 + 23) * 3600_000);
    const ok = await get(t, `${START}/${reg.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, purpose: 'registration' });
    expect(ok.body.expiresAt).toMatch(/\+09:00$/);
    t.clock.advance(3600_000);
    const late = await get(t, `${START}/${reg.token}`);
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('REGISTRATION_LINK_INVALID');
    const complete = await post(t, `${START}/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: 'abcd1234' });
    expect(complete.status).toBe(410);
  });

  it('R-REG-4: the link also accepts lower-case hex (what some mail clients do to URLs)', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    expect((await get(t, `${START}/${reg.token.toLowerCase()}`)).status).toBe(200);
    expect((await get(t, `${START}/NOT-A-TOKEN`)).status).toBe(410);
  });

  it('R-REG-5: completion makes the account active; the link is single use; login works', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const body = { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: 'sample2024' };
    const done = await post(t, `${START}/${reg.token}/complete`, body);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ accessId: reg.accessId, message: expect.stringContaining('初回登録が完了しました') });
    const again = await post(t, `${START}/${reg.token}/complete`, body);
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('REGISTRATION_LINK_INVALID');
    const token = await signIn(t, reg.accessId, 'sample2024', GROUP_B.email);
    const me = await get(t, '/api/v1/me', token);
    expect(me.body.billingGroup.id).toBe(DEMO.groupB.id);
  });

  it('R-REG-5: a wrong access ID or temporary password is refused and the link stays usable', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const wrongTemp = await post(t, `${START}/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: 'zzzz9999', newPassword: 'abcd1234' });
    expect(wrongTemp.status).toBe(401);
    expect(wrongTemp.body.error.code).toBe('INVALID_CREDENTIALS');
    const wrongId = await post(t, `${START}/${reg.token}/complete`, { accessId: 'm95au6', temporaryPassword: reg.temporaryPassword, newPassword: 'abcd1234' });
    expect(wrongId.status).toBe(401);
    const ok = await post(t, `${START}/${reg.token}/complete`, { accessId: reg.accessId.toUpperCase(), temporaryPassword: reg.temporaryPassword, newPassword: 'abcd1234' });
    expect(ok.status).toBe(200);
  });

  it.each([
    ['7 chars', 'abcd123', false],
    ['8 chars', 'abcd1234', true],
    ['32 chars', 'a1'.repeat(16), true],
    ['33 chars', `${'a1'.repeat(16)}b`, false],
    ['letters only', 'abcdefgh', false],
    ['digits only', '12345678', false],
    ['uppercase', 'Abcd1234', false],
    ['full-width', 'ａｂｃｄ１２３４', false],
    ['symbols', 'abcd123!', false],
  ])('R-FMT-2: password of %s → %s', async (_label, password, accepted) => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const res = await post(t, `${START}/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: password });
    if (accepted) {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PASSWORD_POLICY');
      expect(res.body.error.message).toBe('パスワードは半角8文字以上32文字以下で、英小文字・数字の2種類を含める必要があります。');
      expect(JSON.stringify(res.body)).not.toContain(password);
      // a refused password does not use up the link
      expect((await get(t, `${START}/${reg.token}`)).status).toBe(200);
    }
  });

  it('R-FMT-3: the temporary password cannot become the password', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const res = await post(t, `${START}/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: reg.temporaryPassword });
    expect(/[a-z]/.test(reg.temporaryPassword) && /[0-9]/.test(reg.temporaryPassword)).toBe(true);
    expect(res.body.error.code).toBe('PASSWORD_POLICY');
  });

  it('secrets are stored only hashed: the store holds no temporary password, password, or link token', async () => {
    const t = await demoApp();
    const reg = await registerGroupB(t, 'plain4secret');
    const json = JSON.stringify((await storedData(t)));
    for (const secret of [reg.temporaryPassword, 'plain4secret', reg.token, reg.token.toLowerCase(), DEMO.groupA.admin.password]) {
      expect(json).not.toContain(secret);
    }
  });
});

describe('the pages the mailed links open', () => {
  it('R-REG-4: /regist/new/<token> says how to finish while valid, and that the link is void after 10 days', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const path = new URL(reg.url).pathname;
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('mypage register complete');
    expect(html).not.toContain(reg.temporaryPassword);
    t.clock.advanceDays(10);
    const late = await t.app.request(path);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('このURLは無効です');
    expect((await t.app.request('/regist/new/%3Cscript%3E')).status).toBe(410);
  });
});
