import { describe, expect, it } from 'vitest';
import { visible } from './visible.js';

describe('visible — control characters from server data', () => {
  it('shows ESC sequences (window title, screen clear) in caret notation instead of sending them', () => {
    expect(visible('\u001b]0;pwned\u0007\u001b[2J請求書')).toBe('^[]0;pwned^G^[[2J請求書');
  });

  it('shows DEL, C1 controls (CSI 0x9B) and bidi overrides as escapes', () => {
    expect(visible('a\u007fb\u009b2Jc\u202etxt.exe')).toBe('a^?b\\u009B2Jc\\u202Etxt.exe');
  });

  it('keeps tab and newline in a line of text, but not when asked for one cell', () => {
    expect(visible('a\tb\nc\rd')).toBe('a\tb\nc^Md');
    expect(visible('a\tb\nc', false)).toBe('a^Ib^Jc');
  });

  it('leaves Japanese text, full-width spaces and emoji alone', () => {
    const s = 'お問い合わせ　請求書について 📄';
    expect(visible(s)).toBe(s);
  });
});
