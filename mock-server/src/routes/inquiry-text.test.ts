import { describe, expect, it } from 'vitest';
import { call, DEMO, demoApp, signInDemoAdmin, storedData } from '../testing/index.js';

/* R-INQ-1: an inquiry with control characters never reaches the back office (an operator's terminal). */

describe('inquiry text', () => {
  it.each([
    ['ESC in the subject', { subject: '\u001b[2J\u001b[H請求について' }],
    ['NUL in the body', { subject: '請求について', body: 'a\u0000b' }],
    ['a lone surrogate in the body', { subject: '請求について', body: 'x\ud800y' }],
  ])('%s: 400 VALIDATION_FAILED, nothing stored, no receipt mail', async (_, fields) => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    const mails = t.mailer.list({ to: DEMO.groupA.admin.email }).length;
    const res = await call(t, 'POST', '/api/v1/inquiries', { token, json: { category: 'other', ...fields } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0].messageEn).toMatch(/control characters/);
    expect((await storedData(t)).inquiries).toHaveLength(0);
    expect(t.mailer.list({ to: DEMO.groupA.admin.email })).toHaveLength(mails);
  });
});
