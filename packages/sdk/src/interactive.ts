/**
 * A login that needs a person (D-11, D-14): the portal mailed a one-time password and nothing
 * can supply it — no code given, no command or mailbox to read it from, and no terminal to ask.
 * Distinct from a wrong password: retrying will not help; the job needs `--otp`, `--otp-command`
 * or `--otp-imap` (or a person). Its shape (`code`, `messageJa`, `messageEn`, `status`) is the
 * one every SDK error has.
 */
export class InteractiveLoginRequiredError extends Error {
  override name = 'InteractiveLoginRequiredError';
  readonly code = 'INTERACTIVE_LOGIN_REQUIRED' as const;
  readonly status = null;
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(messageJa?: string, messageEn?: string) {
    const en = messageEn ?? 'A one-time password is needed and nobody is here to enter it: supply it with --otp, --otp-command or --otp-imap.';
    const ja = messageJa ?? 'ワンタイムパスワードが必要ですが、入力できる人がいません: --otp、--otp-command または --otp-imap で渡してください。';
    super(`${en} (${ja})`);
    this.messageEn = en;
    this.messageJa = ja;
  }

  toJSON() {
    return { name: this.name, code: this.code, status: this.status, message: this.message, messageJa: this.messageJa, messageEn: this.messageEn };
  }
}
