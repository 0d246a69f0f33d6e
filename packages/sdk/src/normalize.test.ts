import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient, ValidationError } from './index.js';
import { BASE_URL, api, bill, contract, session } from './testing/fixtures.js';
import { createMswServer, rejection } from './testing/handlers.js';

const server = createMswServer();
let requests = 0;
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', () => {
    requests += 1;
  });
});
afterEach(() => {
  server.resetHandlers();
  requests = 0;
});
afterAll(() => server.close());

const client = () => new MyPageClient({ baseUrl: BASE_URL, session });

describe('input normalisation with the server\'s own rules (R-FMT-4/5)', () => {
  for (const input of ['2NCAF0000000001', 'ＣＡＦ０００００００００１', ' caf-0000000001 ', '２ＮＣＡＦ0000000001']) {
    it(`contract number ${JSON.stringify(input)} is sent as CAF0000000001`, async () => {
      expect((await client().contracts.get(input)).contractNumber).toBe(contract.contractNumber);
    });
  }

  for (const input of ['CAF123', '2N', 'ABC0000000001', '12345678']) {
    it(`contract number ${JSON.stringify(input)} fails before any request`, async () => {
      const error = await rejection(client().contracts.get(input));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.status).toBeNull();
      expect(error.messageJa).toContain('契約番号');
      expect(error.messageEn).toContain('CAF + 10 digits');
      expect(error.details?.[0]?.path).toBe('contractNumber');
      expect(requests).toBe(0);
    });
  }

  it('registration sends contract number and postal code normalised', async () => {
    let sent: unknown;
    server.use(
      http.post(api('/registrations'), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ message: '仮登録が完了しました。', sentTo: 's***@example.jp' }, { status: 202 });
      }),
    );
    await client().registration.start({
      email: ' sample@example.jp ',
      contractNumber: '2N1234567890',
      postalCode: '〒１００－０００１',
      customerName: 'サンプル',
      agreeToTerms: true,
    });
    expect(sent).toEqual({ email: 'sample@example.jp', contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル', agreeToTerms: true });
  });

  it('a bad postal code fails before any request', async () => {
    const error = await rejection(
      client().registration.start({ email: 'a@example.jp', contractNumber: '1234567890', postalCode: '100-00', customerName: 'サンプル', agreeToTerms: true }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details?.[0]?.path).toBe('postalCode');
    expect(requests).toBe(0);
  });

  it('a new password that breaks R-FMT-2 fails before any request, with the server\'s message', async () => {
    const error = await rejection(
      client().registration.complete('https://x/regist/new/0123456789ABCDEF0123456789ABCDEF', { accessId: 'm95au6', temporaryPassword: '533ne4p3', newPassword: 'short1' }),
    );
    expect(error.code).toBe('PASSWORD_POLICY');
    expect(error.messageJa).toContain('半角8文字以上32文字以下');
    expect(error.message).not.toContain('short1');
    expect(requests).toBe(0);
  });

  for (const [input, month] of [['2023/10', '2023-10'], ['202310', '2023-10'], ['２０２３年１０月', '2023-10'], ['2023-1', '2023-01']] as const) {
    it(`month ${JSON.stringify(input)} → ${month}`, async () => {
      expect((await client().bills.get(input)).month).toBe(month);
    });
  }

  it('an impossible month fails before any request', async () => {
    expect(await rejection(client().bills.get('2023-13'))).toBeInstanceOf(ValidationError);
    expect(await rejection(client().bills.invoice('last month'))).toBeInstanceOf(ValidationError);
    expect(requests).toBe(0);
  });

  it('the registration link accepts the whole URL from the mail', async () => {
    let token = '';
    server.use(
      http.get(api('/registrations/:token'), ({ params }) => {
        token = String(params.token);
        return HttpResponse.json({ valid: true, expiresAt: '2023-12-11T10:00:00+09:00', purpose: 'registration' });
      }),
    );
    await client().registration.check('http://localhost:8787/regist/new/0123456789abcdef0123456789abcdef');
    expect(token).toBe('0123456789ABCDEF0123456789ABCDEF');
  });

  it('bill month answer is parsed (sanity: the fixture itself satisfies the contract)', async () => {
    server.use(http.get(api('/bills/:month'), () => HttpResponse.json(bill('2024-01'))));
    expect((await client().bills.get('2024-01')).contracts[0]?.subtotal).toBe(3630);
  });
});
