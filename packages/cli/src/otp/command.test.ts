import { describe, expect, it } from 'vitest';
import type { LoginChallenge } from '@mypage/api';
import { runOtpCommand } from './command.js';
import { CliError } from '../errors.js';

const challenge: LoginChallenge = { challengeId: 'ch_1', sentTo: 't***@example.jp', expiresAt: '2023-12-01T10:29:00+09:00', captcha: { provider: 'none' } };
const ctx = { serverUrl: 'http://127.0.0.1:9', accessId: 'm95au6', after: '2023-12-01T01:19:00.000Z' };

describe('the OTP command source (R-LOGIN-1, CI mode)', () => {
  it('takes the first 6-digit number of the command output, passing the challenge in the environment', async () => {
    const f = { PATH: process.env.PATH };
    const cmd = `node -e "console.log('code for ' + process.env.MYPAGE_OTP_SENT_TO + ' after ' + process.env.MYPAGE_OTP_AFTER + ': 1234567 no, 042917 yes')"`;
    expect(await runOtpCommand(f, cmd, challenge, ctx)).toBe('042917');
  });

  it('does not hand the password to the OTP command', async () => {
    const f = { PATH: process.env.PATH, MYPAGE_PASSWORD: 'mypage2023' };
    const cmd = `node -e "console.log(process.env.MYPAGE_PASSWORD ? '111111' : '222222')"`;
    expect(await runOtpCommand(f, cmd, challenge, ctx)).toBe('222222');
  });

  it('fails with exit 3 when the command fails or prints no code', async () => {
    const f = { PATH: process.env.PATH };
    const err = await runOtpCommand(f, 'echo "no code here"', challenge, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(3);
    expect((err as CliError).messageEn).toContain('no 6-digit code');
    const failed = await runOtpCommand(f, 'exit 7', challenge, ctx).catch((e: unknown) => e);
    expect((failed as CliError).messageEn).toContain('exit 7');
  });

  it('a crashed command is summed up by its error line, not the tail of a stack trace', async () => {
    const f = { PATH: process.env.PATH };
    const err = (await runOtpCommand(f, 'node -e "require(\'./no-such-otp-reader.js\')"', challenge, ctx).catch((e: unknown) => e)) as CliError;
    expect(err.messageEn).toMatch(/exit 1\)\. Error: Cannot find module '\.\/no-such-otp-reader\.js'/);
    expect(err.messageEn).not.toMatch(/Node\.js v|\bat |\}/);
  });
});
