import { MAIL_SUBJECTS } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { DEMO, activeAccount, bearer, call, createTestApp, demoApp, demoSeed, get, post, readRegistrationMail, sessionToken, signIn, signInDemoAdmin } from '../testing/index.js';
import { storedData } from '../testing/index.js';

const USERS = '/api/v1/users';

async function createGeneral(t: Awaited<ReturnType<typeof demoApp>>, adminToken: string, email = 'hanako@example.jp', role = 'general') {
  const res = await post(t, USERS, { email, name: '日本 花子', role, notify: false }, adminToken);
  expect(res.status).toBe(201);
  const reg = readRegistrationMail(t, email, MAIL_SUBJECTS.userCreated);
  const done = await post(t, `/api/v1/registrations/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: 'hanako2024' });
  expect(done.status).toBe(200);
  return { user: res.body, token: await signIn(t, reg.accessId, 'hanako2024', email) };
}

describe('user management (R-USER-1..3)', () => {
  it('R-USER-1: an admin creates a user, who gets the temporary-password mail and completes R-REG-4 onward', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const res = await post(t, USERS, { email: 'hanako@example.jp', name: '日本 花子', role: 'general', notify: true }, admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'hanako@example.jp', name: '日本 花子', role: 'general', notify: true, status: 'pending' });
    const reg = readRegistrationMail(t, 'hanako@example.jp', MAIL_SUBJECTS.userCreated);
    expect(reg.accessId).toBe(res.body.accessId);
    expect(reg.mail.from).toBe('info-mediahikari@n-media.co.jp');
    await post(t, `/api/v1/registrations/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: 'hanako2024' });
    const token = await signIn(t, reg.accessId, 'hanako2024', 'hanako@example.jp');
    const me = await get(t, '/api/v1/me', token);
    expect(me.body.user).toMatchObject({ role: 'general', status: 'active' });
    expect(me.body.billingGroup.id).toBe(DEMO.groupA.id);
  });

  it('R-USER-2: list shows the group’s users; update changes them', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const { user } = await createGeneral(t, admin);
    const list = await get(t, USERS, admin);
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(['taro@example.jp', 'hanako@example.jp']);
    const upd = await call(t, 'PATCH', `${USERS}/${user.id}`, { json: { name: '花子', notify: true, role: 'admin' }, token: admin });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: '花子', notify: true, role: 'admin' });
  });

  it('R-USER-3: a general user gets 403 ADMIN_ONLY on every user-management endpoint', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const { user, token } = await createGeneral(t, admin);
    const answers = [
      await get(t, USERS, token),
      await post(t, USERS, { email: 'x@example.jp', name: 'x', role: 'admin', notify: false }, token),
      await call(t, 'PATCH', `${USERS}/${user.id}`, { json: { role: 'admin' }, token }),
      await call(t, 'DELETE', `${USERS}/${DEMO.groupA.admin.id}`, { token }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ADMIN_ONLY');
      expect(res.body.error.message).toBe('ユーザ管理は管理者のみ利用できます。');
    }
    expect((await storedData(t)).accounts.find((a) => a.id === user.id)!.role).toBe('general');
  });

  it('EMAIL_TAKEN: an address is used once per billing group (case-insensitive)', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const res = await post(t, USERS, { email: 'TARO@example.jp', name: 'x', role: 'general', notify: false }, admin);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    const { user } = await createGeneral(t, admin);
    const upd = await call(t, 'PATCH', `${USERS}/${user.id}`, { json: { email: 'taro@example.jp' }, token: admin });
    expect(upd.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('LAST_ADMIN: the last admin can be neither demoted nor deleted', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const self = DEMO.groupA.admin.id;
    expect((await call(t, 'PATCH', `${USERS}/${self}`, { json: { role: 'general' }, token: admin })).body.error.code).toBe('LAST_ADMIN');
    expect((await call(t, 'DELETE', `${USERS}/${self}`, { token: admin })).body.error.code).toBe('LAST_ADMIN');
    // a pending admin does not count: it cannot log in yet
    await post(t, USERS, { email: 'pending@example.jp', name: 'p', role: 'admin', notify: false }, admin);
    expect((await call(t, 'PATCH', `${USERS}/${self}`, { json: { role: 'general' }, token: admin })).status).toBe(409);
    // with a second active admin, the first may step down
    await createGeneral(t, admin, 'second@example.jp', 'admin');
    expect((await call(t, 'PATCH', `${USERS}/${self}`, { json: { role: 'general' }, token: admin })).status).toBe(200);
  });

  it('R-USER-2: deleting a user ends their sessions and frees the address', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    const { user, token } = await createGeneral(t, admin);
    expect((await get(t, '/api/v1/me', token)).status).toBe(200);
    const del = await call(t, 'DELETE', `${USERS}/${user.id}`, { token: admin });
    expect(del.status).toBe(204);
    expect((await get(t, '/api/v1/me', token)).body.error.code).toBe('SESSION_EXPIRED');
    expect((await call(t, 'DELETE', `${USERS}/${user.id}`, { token: admin })).body.error.code).toBe('USER_NOT_FOUND');
    expect((await post(t, USERS, { email: 'hanako@example.jp', name: 'again', role: 'general', notify: false }, admin)).status).toBe(201);
  });

  it('R-CON-2: an admin cannot see or touch another billing group’s users', async () => {
    const t = await demoApp();
    const adminA = await signInDemoAdmin(t);
    const res = await post(t, '/api/v1/registrations', { email: 'b@example.jp', contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル', agreeToTerms: true });
    expect(res.status).toBe(202);
    const bId = (await storedData(t)).accounts.find((a) => a.billingGroupId === DEMO.groupB.id)!.id;
    expect((await call(t, 'PATCH', `${USERS}/${bId}`, { json: { name: 'x' }, token: adminA })).body.error.code).toBe('USER_NOT_FOUND');
    expect((await call(t, 'DELETE', `${USERS}/${bId}`, { token: adminA })).status).toBe(404);
    expect((await get(t, USERS, adminA)).body.items).toHaveLength(1);
  });

  it('user names with control characters or lone surrogates are refused (400, not stored)', async () => {
    const t = await demoApp();
    const admin = await signInDemoAdmin(t);
    for (const name of ['a\u0000b', 'x\ud800y', 'tab\there']) {
      const res = await post(t, USERS, { email: 'odd@example.jp', name, role: 'general', notify: false }, admin);
      expect(res.status).toBe(400);
    }
    const emoji = await post(t, USERS, { email: 'emoji@example.jp', name: '花子🌸\u200f', role: 'general', notify: false }, admin);
    expect(emoji.status).toBe(201);
    expect(emoji.body.name).toBe('花子🌸\u200f');
  });
});

describe('an email change (ASVS V6.2 / V7.4)', () => {
  it('tells the old address and ends the sessions of the changed user; a name change does neither', async () => {
    const t2 = await createTestApp({ seed: demoSeed });
    const admin = bearer(await sessionToken(t2, DEMO.groupA.admin.id));
    const colleague = await activeAccount(t2, DEMO.groupA.id, { role: 'admin' });
    const theirs = bearer(await sessionToken(t2, colleague.id));
    const patch = (body: unknown) =>
      t2.app.request(`/api/v1/users/${colleague.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await patch({ name: '新しい 名前' })).status).toBe(200);
    expect((await t2.app.request('/api/v1/me', { headers: theirs })).status).toBe(200);
    expect(t2.mailer.list({ to: colleague.email })).toHaveLength(0);

    expect((await patch({ email: 'moved@example.jp' })).status).toBe(200);
    const notice = t2.mailer.list({ to: colleague.email });
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ subject: MAIL_SUBJECTS.emailChanged });
    expect(notice[0]!.text).toContain(`アクセス ID : ${colleague.accessId}`);
    expect(t2.mailer.list({ to: 'moved@example.jp' })).toHaveLength(0);
    const after = await t2.app.request('/api/v1/me', { headers: theirs });
    expect(after.status).toBe(401);
    expect((await t2.app.request('/api/v1/me', { headers: admin })).status).toBe(200); // the acting admin stays
  });
});
