import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError, withTimeout } from './keychain.js';

describe('keychain calls time out instead of hanging', () => {
  it('gives up after the timeout and aborts the call', async () => {
    let aborted = false;
    const hanging = (signal: AbortSignal) =>
      new Promise<string>(() => {
        signal.addEventListener('abort', () => (aborted = true));
      });
    const err = await withTimeout(hanging, 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as KeychainUnavailableError).reason).toBe('timed out after 0.05 s');
    expect(aborted).toBe(true);
  });

  it("turns the binding's error into one line naming the platform problem", async () => {
    const failing = async () => {
      throw new Error("Couldn't access platform storage: AccessDenied\nmore detail");
    };
    const err = (await withTimeout(failing, 1000).catch((e: unknown) => e)) as KeychainUnavailableError;
    expect(err.reason).toBe("Couldn't access platform storage: AccessDenied");
    expect(err.exitCode).toBe(1);
  });

  it('passes a value through', async () => {
    expect(await withTimeout(async () => 'ok', 1000)).toBe('ok');
  });
});
