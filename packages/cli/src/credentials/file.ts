import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCredentials, type CredentialStore, type StoredCredentials } from './types.js';

/**
 * `--insecure-storage`: credentials in `<config dir>/credentials.json`, mode 0600 (readable only
 * by the user), for machines without a keychain. Written atomically (temp + rename).
 */
export class FileStore implements CredentialStore {
  readonly kind = 'file' as const;
  readonly file: string;
  constructor(dir: string) {
    this.file = path.join(dir, 'credentials.json');
  }

  describe(): string {
    return this.file;
  }

  private async readAll(): Promise<Record<string, unknown>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  private async writeAll(all: Record<string, unknown>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  async get(profile: string): Promise<StoredCredentials | null> {
    const v = (await this.readAll())[profile];
    return v ? parseCredentials(JSON.stringify(v)) : null;
  }

  async set(profile: string, creds: StoredCredentials): Promise<void> {
    const all = await this.readAll();
    all[profile] = creds;
    await this.writeAll(all);
  }

  async delete(profile: string): Promise<boolean> {
    const all = await this.readAll();
    if (!(profile in all)) return false;
    delete all[profile];
    await this.writeAll(all);
    return true;
  }
}
