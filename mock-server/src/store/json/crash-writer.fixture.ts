/*
 * Test fixture (json.test.ts): mixed writes to a JSON engine — account creations (as a
 * registration does), inquiries, account changes (as user management does) — several in flight
 * at once, until killed. Prints one line per acknowledged write: `<kind> <id> <value>`.
 * Run with `node --import tsx crash-writer.fixture.ts DIR`.
 */
import { JsonEngine } from './engine.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer.fixture.ts DIR');
const store = await JsonEngine.open(dir);
const now = new Date('2024-01-15T01:00:00.000Z').toISOString();
if (!(await store.billingGroups.get('g1'))) {
  await store.billingGroups.create(
    { id: 'g1', customerNumber: '2N1', name: 'g1', kana: 'g1', bank: { name: 'b', branch: 'b', accountNumber: '1' }, paperStop: { openingNotice: null, directDebit: null }, callRecordsFrom: null },
    [],
  );
  await store.accounts.create(
    { id: 'admin', billingGroupId: 'g1', email: 'admin@example.jp', name: 'admin', role: 'admin', notify: true, status: 'active', passwordHash: null, temporaryPasswordHash: null, createdAt: now },
    () => 'admin1',
  );
}
process.stdout.write('ready\n');
const run = `${process.pid}`;
const filler = 'データ'.repeat(200);
let n = 0;
async function worker(): Promise<never> {
  for (;;) {
    const i = ++n;
    const kind = i % 3;
    if (kind === 0) {
      const id = `u_${run}_${i}`;
      await store.accounts.create(
        { id, billingGroupId: 'g1', email: `${id}@example.jp`, name: 'n', role: 'general', notify: false, status: 'pending', passwordHash: null, temporaryPasswordHash: 'h', createdAt: now },
        () => `a${run}${i}`.slice(-12),
      );
      process.stdout.write(`account ${id}\n`);
    } else if (kind === 1) {
      const id = `i_${run}_${i}`;
      await store.inquiries.create({ id, billingGroupId: 'g1', accountId: 'admin', category: 'other', subject: `s${i}`, body: filler, kind: 'general', status: 'received', createdAt: now, resolvedAt: null, effectiveFrom: null });
      process.stdout.write(`inquiry ${id}\n`);
    } else {
      // a user change: the admin's name carries a value that only grows (time, then sequence)
      const name = `admin ${String(Date.now()).padStart(15, '0')} ${String(i).padStart(9, '0')}`;
      await store.accounts.update('admin', { name });
      process.stdout.write(`name ${name}\n`);
    }
  }
}
await Promise.all([0, 1, 2, 3].map(worker));
