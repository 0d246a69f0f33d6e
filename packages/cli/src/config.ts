import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors.js';

/*
 * Profiles: name → server URL, access ID, where its credentials live; plus the current profile.
 * One JSON file under `$MYPAGE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/mypage`, else `~/.config/mypage`.
 * No secret is ever written here (they go to the keychain or, when asked, credentials.json).
 */

export type StorageKind = 'keychain' | 'file' | 'env';

export interface Profile {
  server?: string;
  accessId?: string;
  storage?: StorageKind;
}

export interface ConfigData {
  currentProfile?: string;
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';
export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.MYPAGE_CONFIG_DIR) return path.resolve(env.MYPAGE_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'mypage');
}

export function isValidProfileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name);
}

export class ConfigStore {
  readonly file: string;
  private data: ConfigData = { profiles: {} };

  private constructor(readonly dir: string) {
    this.file = path.join(dir, 'config.json');
  }

  static async load(dir: string): Promise<ConfigStore> {
    const store = new ConfigStore(dir);
    let text: string;
    try {
      text = await readFile(store.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<ConfigData>;
      store.data = { ...(parsed.currentProfile ? { currentProfile: parsed.currentProfile } : {}), profiles: parsed.profiles ?? {} };
    } catch {
      throw new CliError('CONFIG_INVALID', `設定ファイルを読み取れません: ${store.file}`, `The config file is not valid JSON: ${store.file}`);
    }
    return store;
  }

  get currentProfile(): string | undefined {
    return this.data.currentProfile;
  }

  profiles(): Record<string, Profile> {
    return this.data.profiles;
  }

  profile(name: string): Profile | undefined {
    return this.data.profiles[name];
  }

  setProfile(name: string, profile: Profile): void {
    this.data.profiles[name] = profile;
  }

  removeProfile(name: string): boolean {
    if (!(name in this.data.profiles)) return false;
    delete this.data.profiles[name];
    if (this.data.currentProfile === name) delete this.data.currentProfile;
    return true;
  }

  setCurrent(name: string): void {
    this.data.currentProfile = name;
  }

  /** Atomic write (temp + rename), readable only by the user. */
  async save(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}
