import { CliError, ExitCode } from '../errors.js';
import { parseCredentials, type CredentialStore, type StoredCredentials } from './types.js';

/*
 * The OS keychain through @napi-rs/keyring (prebuilt per-platform packages from the registry,
 * no install script): service `mypage`, account `<profile>`, the value a JSON blob. Every call
 * times out after 3 s instead of hanging (a locked keyring may wait for a prompt forever).
 */

export const KEYCHAIN_SERVICE = 'mypage';
export const KEYCHAIN_TIMEOUT_MS = 3000;

export class KeychainUnavailableError extends CliError {
  constructor(readonly reason: string) {
    super(
      'KEYCHAIN_UNAVAILABLE',
      `OS のキーチェーンを利用できません（${reason}）。`,
      `No OS keychain is available (${reason}).`,
      ExitCode.error,
    );
  }
}

export async function withTimeout<T>(what: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new KeychainUnavailableError(`timed out after ${ms / 1000} s`));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([what(controller.signal), timeout]);
  } catch (err) {
    if (err instanceof KeychainUnavailableError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new KeychainUnavailableError(message.split('\n')[0]!.slice(0, 200));
  } finally {
    clearTimeout(timer);
  }
}

export class KeychainStore implements CredentialStore {
  readonly kind = 'keychain' as const;
  constructor(private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS) {}

  describe(): string {
    return process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'OS keychain (Secret Service)';
  }

  private async entry(profile: string) {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    return new AsyncEntry(KEYCHAIN_SERVICE, profile);
  }

  async get(profile: string): Promise<StoredCredentials | null> {
    const e = await this.entry(profile);
    return parseCredentials(await withTimeout((signal) => e.getPassword(signal), this.timeoutMs));
  }

  async set(profile: string, creds: StoredCredentials): Promise<void> {
    const e = await this.entry(profile);
    await withTimeout((signal) => e.setPassword(JSON.stringify(creds), signal), this.timeoutMs);
  }

  /**
   * Can we write? Reading may answer "nothing stored" even where no Secret Service exists, so
   * `login` probes by writing and deleting a throw-away entry before it spends an OTP.
   */
  async probe(): Promise<void> {
    const e = await this.entry('__mypage_probe__');
    await withTimeout((signal) => e.setPassword('probe', signal), this.timeoutMs);
    await withTimeout((signal) => e.deletePassword(signal), this.timeoutMs);
  }

  async delete(profile: string): Promise<boolean> {
    const e = await this.entry(profile);
    return withTimeout((signal) => e.deletePassword(signal), this.timeoutMs);
  }
}
