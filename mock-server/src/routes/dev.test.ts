import { MAIL_SUBJECTS, MailSchema } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { call, demoApp, signInDemoAdmin } from '../testing/index.js';

/* The dev mailbox (D-4): the list, and one mail by its id — in dev mode only. */
describe('dev mailbox (D-4)', () => {
  it('one mail by its id: the whole mail, as the list has it', async () => {
    const t = await demoApp();
    await signInDemoAdmin(t);
    const list = await call(t, 'GET', '/api/v1/dev/mailbox?to=taro@example.jp');
    const items = (list.body as { items: { id: string; subject: string }[] }).items;
    const otpMail = items.find((m) => m.subject === MAIL_SUBJECTS.otp)!;
    const one = await call(t, 'GET', `/api/v1/dev/mailbox/${otpMail.id}`);
    expect(one.status).toBe(200);
    expect(MailSchema.parse(one.body)).toEqual(otpMail);
  });

  it('an unknown id is 404 NOT_FOUND with a message in both languages', async () => {
    const t = await demoApp();
    const res = await call(t, 'GET', '/api/v1/dev/mailbox/mail-999999');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND', message: '指定のメールは存在しません: mail-999999', messageEn: 'No mail mail-999999 in the dev mailbox.' } });
  });

  it('outside dev mode the route does not exist (404 ROUTE_NOT_FOUND), whatever the id', async () => {
    const t = await demoApp({ config: { dev: false } });
    await signInDemoAdmin(t).catch(() => undefined);
    const res = await call(t, 'GET', '/api/v1/dev/mailbox/mail-000001');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});
