import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });
await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });

// R-USER-1: admins create accounts; the new user gets a temporary password by mail.
const user = await client.users.create({ email: 'jiro@example.jp', name: '日本 次郎', role: 'general', notify: false });
console.log(`created ${user.accessId} (${user.status})`);

// R-USER-2: list, update, delete.
const updated = await client.users.update(user.id, { role: 'admin', notify: true });
console.log(`now ${updated.role}, notify ${updated.notify}`);
console.log((await client.users.list()).map((u) => `${u.accessId} ${u.email} ${u.role}`).join('\n'));
await client.users.delete(user.id);
console.log(`deleted: ${!(await client.users.list()).some((u) => u.id === user.id)}`);
