/*
 * Test fixture (outbox-files.test.ts): sends mails to a file outbox in a loop until killed,
 * printing the number of each mail once it is on disk. Run with `node --conditions=source --import tsx … DIR`.
 */
import { FakeClock } from '../clock.js';
import { Outbox } from './mailer.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: outbox-writer.fixture.ts DIR');
const outbox = new Outbox({ clock: new FakeClock('2024-01-15T10:00:00+09:00'), dir });
const filler = '本文'.repeat(20_000);
for (let i = 1; ; i++) {
  await outbox.send({ to: 'taro@example.jp', subject: `mail ${i}`, text: filler });
  process.stdout.write(`${i}\n`);
}
