import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionFile } from './session-file.js';

/* D-14: the session file of a CI job (MYPAGE_SESSION_FILE). */

const SERVER = 'https://mypage.example.jp';
const T0 = new Date('2024-01-25T01:00:00Z');
let dir: string;
let now: Date;
const file = () => new SessionFile(path.join(dir, 'session.json'), () => now);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'session-file-'));
  now = T0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SessionFile (D-14)', () => {
  it('keeps token, expiry, server and access ID in a 0600 file — never a password', async () => {
    await file().write(`${SERVER}/`, 'm95au6', { token: 'tok-1', expiresAt: '2024-01-25T01:10:00Z' });
    const p = path.join(dir, 'session.json');
    expect((await stat(p)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(p, 'utf8'));
    expect(Object.keys(saved).sort()).toEqual(['accessId', 'expiresAt', 'server', 'token', 'version']);
    expect(await file().read(SERVER, 'm95au6')).toEqual({ session: { token: 'tok-1', expiresAt: '2024-01-25T01:10:00Z' } });
  });

  it('is not reused for another server, another access ID, or once expired (R-LOGIN-4)', async () => {
    await file().write(SERVER, 'm95au6', { token: 'tok-1', expiresAt: '2024-01-25T01:10:00Z' });
    expect(await file().read('https://other.example.jp', 'm95au6')).toEqual({ session: null, reason: 'other-server' });
    expect(await file().read(SERVER, 'abc123')).toEqual({ session: null, reason: 'other-user' });
    now = new Date('2024-01-25T01:10:00Z');
    expect(await file().read(SERVER, 'm95au6')).toEqual({ session: null, reason: 'expired' });
  });

  it('a file others can read is not used; a missing or broken one means "log in"', async () => {
    const p = path.join(dir, 'session.json');
    expect((await file().read(SERVER, 'm95au6')).reason).toBe('missing');
    await writeFile(p, 'not json', { mode: 0o600 });
    expect((await file().read(SERVER, 'm95au6')).reason).toBe('unreadable');
    await file().write(SERVER, 'm95au6', { token: 'tok-1', expiresAt: '2024-01-25T01:10:00Z' });
    await chmod(p, 0o644);
    expect((await file().read(SERVER, 'm95au6')).reason).toBe('too-open');
  });

  it('clear() removes it', async () => {
    await file().write(SERVER, 'm95au6', { token: 'tok-1', expiresAt: '2024-01-25T01:10:00Z' });
    await file().clear();
    expect((await file().read(SERVER, 'm95au6')).reason).toBe('missing');
    await file().clear(); // twice is fine
  });
});
