import { describe, expect, it } from 'vitest';
import { InquiryCreateSchema } from './resources.js';
import { RegistrationStartSchema, UserCreateSchema } from './accounts.js';
import { OperatorCallRecordInSchema, OperatorNewsCreateSchema } from './operator.js';
import { textProblem } from './text.js';

describe('free text refuses control characters, ESC, NUL and lone surrogates', () => {
  const bad = { NUL: 'a\u0000b', ESC: '\u001b[2J\u001b[Hcleared', BEL: 'ring\u0007', DEL: 'x\u007f', C1: 'x\u009bx', 'bidi override': 'abc\u202Egpj.exe', 'lone high surrogate': 'x\ud800', 'lone low surrogate': '\udc00x' };

  it.each(Object.entries(bad))('an inquiry subject with %s is refused', (_, text) => {
    expect(InquiryCreateSchema.safeParse({ category: 'other', subject: text }).success).toBe(false);
    expect(InquiryCreateSchema.safeParse({ category: 'other', subject: 'ok', body: text }).success).toBe(false);
  });

  it('bodies keep line breaks and tabs; subjects are one line', () => {
    expect(InquiryCreateSchema.safeParse({ category: 'other', subject: '件名', body: '一行目\r\n二行目\n\tインデント' }).success).toBe(true);
    expect(InquiryCreateSchema.safeParse({ category: 'other', subject: '一行目\n二行目 ' }).success).toBe(false);
  });

  it('Japanese text, emoji (a surrogate pair) and full-width spaces pass', () => {
    expect(textProblem('日本　太郎 😀 ｶﾀｶﾅ')).toBeNull();
    expect(UserCreateSchema.safeParse({ email: 'a@example.jp', name: '日本 太郎 😀', role: 'general', notify: true }).success).toBe(true);
  });

  it('other free-text inputs refuse them too: names, registration fields, imported call numbers, news', () => {
    expect(UserCreateSchema.safeParse({ email: 'a@example.jp', name: 'a\u001bb', role: 'general', notify: true }).success).toBe(false);
    expect(RegistrationStartSchema.safeParse({ email: 'a@example.jp', contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル\u0000', agreeToTerms: true }).success).toBe(false);
    expect(OperatorCallRecordInSchema.safeParse({ contractNumber: 'CAF0000000001', startedAt: '2023-12-01T10:00:00', usageType: '移動体', from: '\t=1+2', to: '0312345678', durationSeconds: 1 }).success).toBe(false);
    expect(OperatorNewsCreateSchema.safeParse({ title: 'お知らせ', body: '本文\u001b[31m赤' }).success).toBe(false);
  });
});
