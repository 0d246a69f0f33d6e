/**
 * D-9: the opening notice spells the customer ID and access key out in katakana so nobody
 * misreads them on the phone: `CAF0` → `シー・エー・エフ・ゼロ`; a lowercase letter is marked
 * `(小)` — `aaAA1234` → `エー(小)・エー(小)・エー・エー・イチ・ニ・サン・ヨン`.
 */
const LETTERS: Record<string, string> = {
  A: 'エー', B: 'ビー', C: 'シー', D: 'ディー', E: 'イー', F: 'エフ', G: 'ジー', H: 'エイチ', I: 'アイ',
  J: 'ジェー', K: 'ケー', L: 'エル', M: 'エム', N: 'エヌ', O: 'オー', P: 'ピー', Q: 'キュー', R: 'アール',
  S: 'エス', T: 'ティー', U: 'ユー', V: 'ブイ', W: 'ダブリュー', X: 'エックス', Y: 'ワイ', Z: 'ゼット',
};
const DIGITS = ['ゼロ', 'イチ', 'ニ', 'サン', 'ヨン', 'ゴ', 'ロク', 'ナナ', 'ハチ', 'キュウ'];
export const LOWERCASE_MARK = '(小)';

export function spellOut(text: string): string {
  return [...text]
    .map((ch) => {
      if (/[0-9]/.test(ch)) return DIGITS[Number(ch)]!;
      const upper = ch.toUpperCase();
      const name = LETTERS[upper];
      if (!name) return ch;
      return ch === upper ? name : `${name}${LOWERCASE_MARK}`;
    })
    .join('・');
}

/** `aaAA1234` → `a a A A 1 2 3 4`, as the guide's sample prints the access key. */
export function spaced(text: string): string {
  return [...text].join(' ');
}
