/*
 * Test fixture (json.test.ts): one server's start-up as far as the data folder's lock. Prints
 * `held` or `locked <pid>`, keeps a held lock until its standard input closes, then releases it.
 */
import { DataFolderLocked, lockDataFolder } from './lock.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-contender.fixture.ts DIR');
try {
  const release = lockDataFolder(dir);
  process.stdout.write('held\n');
  process.stdin.resume();
  process.stdin.once('end', () => {
    release();
    process.exit(0);
  });
} catch (error) {
  if (!(error instanceof DataFolderLocked)) throw error;
  process.stdout.write(`locked ${error.pid}\n`);
}
