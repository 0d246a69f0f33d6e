/*
 * Test fixture (store.test.ts): writes to a file store in a loop until killed, printing the
 * number of each write once it is durable. Run with `node --import tsx crash-writer.fixture.ts DIR`.
 */
import { Store } from './store.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer.fixture.ts DIR');
const store = await Store.file(dir);
const filler = 'データ'.repeat(20_000);
for (let i = 1; ; i++) {
  await store.update((d) => {
    d.news = [{ id: `n${i}`, billingGroupId: null, title: `write ${i}`, body: filler, publishedAt: new Date(0).toISOString() }];
  });
  process.stdout.write(`${i}\n`);
}
