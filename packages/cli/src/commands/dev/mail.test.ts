import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { MAIL_SUBJECTS, type Mail } from '@mypage/api';
import { BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { mailRun, newMailCommand, type MailOptions } from './mail.js';

const server = useMsw();
const client = testClient({ withSession: false });
const FROM = 'info-mediahikari@n-media.co.jp';
const registration: Mail = {
  id: 'mail-000001',
  from: FROM,
  to: 'hanako@example.jp',
  subject: MAIL_SUBJECTS.registration,
  text: 'URL: http://127.0.0.1:8787/regist/new/0123456789ABCDEF0123456789ABCDEF\nアクセス ID : hn42kq\n仮パスワード : 533ne4p3\n',
  sentAt: '2023-12-01T10:19:00+09:00',
};
const otp: Mail = { id: 'mail-000002', from: FROM, to: 'taro@example.jp', subject: MAIL_SUBJECTS.otp, text: 'ワンタイムパスワード：654321\u001b[2J\n', sentAt: '2023-12-01T10:20:05+09:00' };

function mailbox(mails: Mail[]): string[] {
  const asked: string[] = [];
  server.use(
    http.get(`${BASE}/api/v1/dev/mailbox`, ({ request }) => {
      const to = new URL(request.url).searchParams.get('to');
      asked.push(`list ${to ?? ''}`.trim());
      return HttpResponse.json({ items: mails.filter((m) => !to || m.to === to) });
    }),
    http.get(`${BASE}/api/v1/dev/mailbox/:id`, ({ params }) => {
      asked.push(`get ${String(params.id)}`);
      const m = mails.find((x) => x.id === params.id);
      return m ? HttpResponse.json(m) : HttpResponse.json({ error: { code: 'NOT_FOUND', message: `指定のメールは存在しません: ${String(params.id)}`, messageEn: 'No mail.', requestId: 'r' } }, { status: 404 });
    }),
  );
  return asked;
}

describe('dev mail — parse', () => {
  it('takes an optional id, --to and --last', async () => {
    expect(await parseVerb<MailOptions>(newMailCommand, [])).toMatchObject({ last: false });
    expect(await parseVerb<MailOptions>(newMailCommand, ['mail-000002'])).toMatchObject({ id: 'mail-000002', last: false });
    expect(await parseVerb<MailOptions>(newMailCommand, ['--to', 'hanako@example.jp', '--last'])).toMatchObject({ to: 'hanako@example.jp', last: true });
  });
});

describe('dev mail — run (D-4)', () => {
  it('lists the dev mailbox: id, time in Japan time, address, subject — TSV in a pipe, JSON with --json', async () => {
    mailbox([registration, otp]);
    const piped = fakeTerminal();
    await mailRun({ ...piped, client, last: false });
    expect(piped.out()).toBe(
      `mail-000001\t2023-12-01 10:19:00 JST\thanako@example.jp\t${MAIL_SUBJECTS.registration}\nmail-000002\t2023-12-01 10:20:05 JST\ttaro@example.jp\t${MAIL_SUBJECTS.otp}\n`,
    );
    const json = fakeTerminal();
    json.io.json = true;
    await mailRun({ ...json, client, last: false });
    expect(JSON.parse(json.out())).toEqual([registration, otp]);
  });

  it('--to lists one address; an empty mailbox says so', async () => {
    const asked = mailbox([registration, otp]);
    const t = fakeTerminal();
    await mailRun({ ...t, client, to: 'hanako@example.jp', last: false });
    expect(t.out()).toMatch(/^mail-000001\t/);
    expect(t.out().trim().split('\n')).toHaveLength(1);
    const none = fakeTerminal({ tty: true });
    await mailRun({ ...none, client, to: 'nobody@example.jp', last: false });
    expect(none.out()).toBe('');
    expect(none.err()).toContain('No mails to nobody@example.jp in the dev mailbox.');
    expect(asked).toEqual(['list hanako@example.jp', 'list nobody@example.jp']);
  });

  it('shows one mail whole by its id — the registration mail with its URL, access ID and temporary password', async () => {
    const asked = mailbox([registration, otp]);
    const t = fakeTerminal();
    await mailRun({ ...t, client, id: 'mail-000001', last: false });
    expect(t.out()).toBe(
      `From: ${FROM}\nTo: hanako@example.jp\nDate: 2023-12-01 10:19:00 JST\nSubject: ${MAIL_SUBJECTS.registration}\n\n${registration.text}`,
    );
    expect(asked).toEqual(['get mail-000001']);
  });

  it('--last shows the newest mail (to --to); control characters from the server are made visible', async () => {
    mailbox([registration, otp]);
    const t = fakeTerminal({ lang: 'ja' });
    await mailRun({ ...t, client, to: 'taro@example.jp', last: true });
    expect(t.out()).toContain('件名: 【日本メディアシステム】ログイン用ワンタイムパスワードのお知らせ');
    expect(t.out()).toContain('ワンタイムパスワード：654321^[[2J');
    expect(t.out()).not.toContain('\u001b');
  });

  it('an unknown id is exit 4 with the server\'s message; --last on an empty mailbox too', async () => {
    mailbox([]);
    const f = await failure(mailRun({ ...fakeTerminal(), client, id: 'mail-999999', last: false }));
    expect(f).toMatchObject({ code: 'NOT_FOUND', exitCode: 4 });
    expect(await failure(mailRun({ ...fakeTerminal(), client, to: 'x@example.jp', last: true }))).toMatchObject({ code: 'MAIL_NOT_FOUND', exitCode: 4 });
  });

  it('a server that is not in dev mode answers 404 (exit 4)', async () => {
    server.use(http.get(`${BASE}/api/v1/dev/mailbox`, () => HttpResponse.json({ error: { code: 'ROUTE_NOT_FOUND', message: 'x', messageEn: 'x', requestId: 'r' } }, { status: 404 })));
    expect(await failure(mailRun({ ...fakeTerminal(), client, last: false }))).toMatchObject({ exitCode: 4 });
  });
});
