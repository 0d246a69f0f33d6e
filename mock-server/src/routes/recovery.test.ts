import { MAIL_PATTERNS, MAIL_SUBJECTS } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { DEMO, GROUP_B, demoApp, get, lastMail, post, registerGroupB, signIn, signInDemoAdmin } from '../testing/index.js';

const admin = DEMO.groupA.admin;

describe('recovery (R-LOGIN-5)', () => {
  it('R-LOGIN-5: forgot access ID mails it to the registered address; an unknown address gets the same answer and no mail', async () => {
    const t = await demoApp();
    const known = await post(t, '/api/v1/recovery/access-id', { email: 'TARO@example.jp' });
    const unknown = await post(t, '/api/v1/recovery/access-id', { email: 'nobody@example.jp' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const mail = lastMail(t, admin.email, MAIL_SUBJECTS.accessId);
    expect(MAIL_PATTERNS.accessId.exec(mail.text)?.[1]).toBe('m95au6');
    expect(t.mailer.list({ to: 'nobody@example.jp' })).toHaveLength(0);
  });

  it('R-LOGIN-5: forgot password mails a reset link; the new password works, the old does not, and every session ends', async () => {
    const t = await demoApp({ config: { publicUrl: 'https://portal.example.jp' } });
    const session = await signInDemoAdmin(t);
    const res = await post(t, '/api/v1/recovery/password', { accessId: admin.accessId, email: admin.email });
    expect(res.status).toBe(202);
    const mail = lastMail(t, admin.email, MAIL_SUBJECTS.passwordReset);
    const url = MAIL_PATTERNS.passwordResetUrl.exec(mail.text)!;
    expect(url[1]).toBe(`https://portal.example.jp/recovery/password/${url[2]}`);
    const token = url[2]!;
    expect((await get(t, `/api/v1/registrations/${token}`)).body).toMatchObject({ valid: true, purpose: 'password-reset' });

    const policy = await post(t, `/api/v1/recovery/password/${token}`, { accessId: admin.accessId, newPassword: 'short1' });
    expect(policy.body.error.code).toBe('PASSWORD_POLICY');
    const wrongId = await post(t, `/api/v1/recovery/password/${token}`, { accessId: 'zz99zz', newPassword: 'newpass2024' });
    expect(wrongId.status).toBe(401);
    const done = await post(t, `/api/v1/recovery/password/${token}`, { accessId: admin.accessId, newPassword: 'newpass2024' });
    expect(done.status).toBe(200);
    expect(done.body.message).toContain('パスワードを再設定しました');

    expect((await get(t, '/api/v1/me', session)).body.error.code).toBe('SESSION_EXPIRED');
    expect((await post(t, '/api/v1/auth/login', { accessId: admin.accessId, password: admin.password })).body.error.code).toBe('INVALID_CREDENTIALS');
    await signIn(t, admin.accessId, 'newpass2024', admin.email);
    // single use
    const again = await post(t, `/api/v1/recovery/password/${token}`, { accessId: admin.accessId, newPassword: 'other2024' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('REGISTRATION_LINK_INVALID');
  });

  it('R-LOGIN-5: the reset link is valid at 9 days 23 hours, void after 10 days', async () => {
    const t = await demoApp();
    await post(t, '/api/v1/recovery/password', { accessId: admin.accessId, email: admin.email });
    const token = MAIL_PATTERNS.passwordResetUrl.exec(lastMail(t, admin.email, MAIL_SUBJECTS.passwordReset).text)![2]!;
    t.clock.advance((9 * 24 + 23) * 3600_000);
    expect((await get(t, `/api/v1/registrations/${token}`)).status).toBe(200);
    t.clock.advance(3600_000);
    const res = await post(t, `/api/v1/recovery/password/${token}`, { accessId: admin.accessId, newPassword: 'newpass2024' });
    expect(res.status).toBe(410);
  });

  it('R-LOGIN-5: a second reset request voids the first link; a registration link cannot reset a password', async () => {
    const t = await demoApp();
    const send = async () => {
      await post(t, '/api/v1/recovery/password', { accessId: admin.accessId, email: admin.email });
      return MAIL_PATTERNS.passwordResetUrl.exec(lastMail(t, admin.email, MAIL_SUBJECTS.passwordReset).text)![2]!;
    };
    const first = await send();
    const second = await send();
    expect((await post(t, `/api/v1/recovery/password/${first}`, { accessId: admin.accessId, newPassword: 'newpass2024' })).status).toBe(410);
    expect((await post(t, `/api/v1/recovery/password/${second}`, { accessId: admin.accessId, newPassword: 'newpass2024' })).status).toBe(200);
  });

  it('R-LOGIN-5: a wrong access ID / address pair answers the same and mails nothing', async () => {
    const t = await demoApp();
    const good = await post(t, '/api/v1/recovery/password', { accessId: admin.accessId, email: admin.email });
    const count = t.mailer.list().length;
    const bad = await post(t, '/api/v1/recovery/password', { accessId: admin.accessId, email: 'someone@example.jp' });
    const unknown = await post(t, '/api/v1/recovery/password', { accessId: 'zz99zz', email: admin.email });
    expect(bad.body).toEqual(good.body);
    expect(unknown.body).toEqual(good.body);
    expect(bad.status).toBe(202);
    expect(t.mailer.list()).toHaveLength(count);
  });

  it('R-LOGIN-5: forgot registered address verifies the customer and says to contact the provider, never disclosing the address', async () => {
    const t = await demoApp();
    await registerGroupB(t);
    const res = await post(t, '/api/v1/recovery/email', { contractNumber: '2N1234567890', postalCode: '100-0001', customerName: 'ｻﾝﾌﾟﾙ' });
    expect(res.status).toBe(200);
    expect(res.body.message).toContain('お問い合わせください');
    expect(JSON.stringify(res.body)).not.toContain(GROUP_B.email);
    expect(JSON.stringify(res.body)).not.toContain('s***@');
    // an unregistered customer gets the same answer
    const c = await post(t, '/api/v1/recovery/email', { contractNumber: DEMO.groupC.contractNumber, postalCode: DEMO.groupC.postalCode, customerName: DEMO.groupC.customerName });
    expect(c.body).toEqual(res.body);
    const wrong = await post(t, '/api/v1/recovery/email', { contractNumber: '1234567890', postalCode: '1000001', customerName: 'ベツジン' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toBe('指定の顧客は存在しません。');
  });
});
