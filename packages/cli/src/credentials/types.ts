export interface StoredSession {
  token: string;
  expiresAt: string;
}

/** What is kept per profile: the access ID, the password, and the current session. */
export interface StoredCredentials {
  accessId: string;
  password: string;
  session: StoredSession | null;
}

export interface CredentialStore {
  readonly kind: 'keychain' | 'file';
  /** where, for `whoami` */
  describe(): string;
  get(profile: string): Promise<StoredCredentials | null>;
  set(profile: string, creds: StoredCredentials): Promise<void>;
  delete(profile: string): Promise<boolean>;
  /** throws when the store cannot be written (no keychain) */
  probe?(): Promise<void>;
}

export function parseCredentials(text: string | null | undefined): StoredCredentials | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<StoredCredentials>;
    if (typeof v.accessId !== 'string' || typeof v.password !== 'string') return null;
    const s = v.session;
    const session = s && typeof s.token === 'string' && typeof s.expiresAt === 'string' ? { token: s.token, expiresAt: s.expiresAt } : null;
    return { accessId: v.accessId, password: v.password, session };
  } catch {
    return null;
  }
}
