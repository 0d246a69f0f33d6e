import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredSession } from './types.js';

/*
 * One login per job (D-14): with environment credentials (no keychain in CI), the session of the
 * first command is kept in the file named by MYPAGE_SESSION_FILE and reused by the next command
 * while it is valid (R-LOGIN-4: 10 idle minutes, D-3), so five commands spend one OTP mail.
 * The file holds the token, its expiry, the server and the access ID it belongs to — never the
 * password — and is mode 0600. A file others can read is not used (and not trusted).
 */

interface SessionFileContent {
  version: 1;
  server: string;
  accessId: string;
  token: string;
  expiresAt: string;
}

/** A session this close to its end is not worth reusing: log in again instead. */
const EXPIRY_MARGIN_MS = 5_000;

export interface SessionFileRead {
  session: StoredSession | null;
  /** why there is none */
  reason?: 'missing' | 'other-server' | 'other-user' | 'expired' | 'unreadable' | 'too-open';
}

/** `https://portal.example/` and `https://portal.example` are one server. */
export function serverKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

export class SessionFile {
  constructor(
    readonly file: string,
    private readonly now: () => Date,
  ) {}

  /** The kept session when it belongs to this server and access ID and is still valid. */
  async read(server: string, accessId: string): Promise<SessionFileRead> {
    let text: string;
    try {
      const st = await stat(this.file);
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) return { session: null, reason: 'too-open' };
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      return { session: null, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable' };
    }
    let v: Partial<SessionFileContent>;
    try {
      v = JSON.parse(text) as Partial<SessionFileContent>;
    } catch {
      return { session: null, reason: 'unreadable' };
    }
    if (typeof v.token !== 'string' || typeof v.expiresAt !== 'string' || typeof v.server !== 'string' || typeof v.accessId !== 'string') {
      return { session: null, reason: 'unreadable' };
    }
    if (serverKey(v.server) !== serverKey(server)) return { session: null, reason: 'other-server' };
    if (v.accessId !== accessId) return { session: null, reason: 'other-user' };
    const ends = Date.parse(v.expiresAt);
    if (!Number.isFinite(ends) || ends - EXPIRY_MARGIN_MS <= this.now().getTime()) return { session: null, reason: 'expired' };
    return { session: { token: v.token, expiresAt: v.expiresAt } };
  }

  /** Keeps the session (atomically: temp file + rename, both 0600). */
  async write(server: string, accessId: string, session: StoredSession): Promise<void> {
    const content: SessionFileContent = { version: 1, server: serverKey(server), accessId, token: session.token, expiresAt: session.expiresAt };
    await mkdir(path.dirname(path.resolve(this.file)), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(content) + '\n', { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  /** Forgets the session (logout, or a session the server no longer knows). */
  async clear(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }
}
