import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  customerNameKey,
  formatDuration,
  isContractNumber,
  jstDate,
  jstIso,
  jstMonth,
  monthRange,
  nextMonth,
  normalizeContractNumber,
  normalizeCustomerName,
  normalizeDate,
  normalizeMonth,
  normalizePostalCode,
  parseDuration,
  passwordProblem,
  toFullWidthAscii,
} from './formats.js';

describe('R-FMT-4 contract number', () => {
  test.each([
    ['CAF0000000001', 'CAF0000000001'],
    ['2NCAF0000000001', 'CAF0000000001'],
    [' caf0000000001 ', 'CAF0000000001'],
    ['ＣＡＦ０００００００００１', 'CAF0000000001'],
    ['2n1234567890', '1234567890'],
    ['COP-0000-0001', 'COP00000001'],
    ['123456789', '123456789'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeContractNumber(input)).toBe(expected);
    expect(isContractNumber(normalizeContractNumber(input))).toBe(true);
  });

  test.each(['CAF000000001', 'COP0000001', '12345678', '12345678901', 'CAFX000000001', 'XYZ0000000001', ''])(
    'rejects %s',
    (input) => expect(isContractNumber(normalizeContractNumber(input))).toBe(false),
  );

  test('full-width input normalises like its half-width twin (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(CAF[0-9]{10}|COP[0-9]{8}|[0-9]{9,10})$/), (value) => {
        expect(normalizeContractNumber(toFullWidthAscii(value))).toBe(value);
        expect(normalizeContractNumber(`2N${value}`)).toBe(value);
      }),
    );
  });
});

describe('R-FMT-5 postal code', () => {
  test.each([
    ['5340024', '5340024'],
    ['534-0024', '5340024'],
    ['５３４－００２４', '5340024'],
    ['〒534-0024', '5340024'],
    [' 534 0024 ', '5340024'],
  ])('%s → %s', (input, expected) => expect(normalizePostalCode(input)).toBe(expected));
});

describe('R-FMT-6 customer name', () => {
  test('half-width kana, spaces and listed 法人格 do not change the comparison key', () => {
    const key = customerNameKey('サンプル');
    for (const variant of ['カブシキガイシャ サンプル', 'ｶﾌﾞｼｷｶﾞｲｼｬ ｻﾝﾌﾟﾙ', 'サンプル　株式会社', '（株）サンプル', 'ｻﾝﾌﾟﾙ', 'さんぷる']) {
      expect(customerNameKey(variant)).toBe(key);
    }
  });
  test('a name that is only a designation is kept (nothing to compare would match everyone)', () => {
    expect(customerNameKey('カブシキガイシャ')).toBe('カブシキガイシャ');
  });
  test('different names stay different', () => {
    expect(customerNameKey('サトウ ハナコ')).not.toBe(customerNameKey('サトウ ハナエ'));
  });
  test('display form is full-width with full-width spaces', () => {
    expect(normalizeCustomerName('ﾆﾎﾝ Taro 1')).toBe('ニホン　Ｔａｒｏ　１');
  });
});

describe('R-FMT-2 password policy', () => {
  test.each([
    ['abcd123', 'length'],
    ['abcd1234', null],
    [`a${'1'.repeat(31)}`, null],
    [`a${'1'.repeat(32)}`, 'length'],
    ['abcdefgh', 'needs-digit'],
    ['12345678', 'needs-letter'],
    ['Abcd1234', 'characters'],
    ['abcd 1234', 'characters'],
  ] as const)('%s → %s', (password, problem) => expect(passwordProblem(password)).toBe(problem));
});

describe('months and dates (R-FMT-10)', () => {
  test.each([
    ['2023-10', '2023-10'],
    ['2023/10', '2023-10'],
    ['202310', '2023-10'],
    ['2023年10月', '2023-10'],
    ['２０２３－１０', '2023-10'],
    ['2023/1', '2023-01'],
    ['2023-13', null],
    ['20231', null],
    ['october', null],
  ])('month %s → %s', (input, expected) => expect(normalizeMonth(input)).toBe(expected));

  test.each([
    ['2023-12-01', '2023-12-01'],
    ['2023/12/1', '2023-12-01'],
    ['2023年12月01日分', '2023-12-01'],
    ['20231201', '2023-12-01'],
    ['2023-02-30', null],
    ['2024-02-29', '2024-02-29'],
    ['2100-02-29', null],
    ['2000-02-29', '2000-02-29'],
    ['0000-02-29', '0000-02-29'], // years below 100 are not 19xx (Date.UTC's trap)
    ['0099-02-29', null],
    ['0050-04-31', null],
    ['0050-01-31', '0050-01-31'],
  ])('date %s → %s', (input, expected) => expect(normalizeDate(input)).toBe(expected));

  test('an instant is dated in Japan time whatever the machine zone (vitest runs in America/Los_Angeles)', () => {
    const lateUtc = new Date('2023-11-30T15:30:00Z'); // 2023-12-01 00:30 in Tokyo
    expect(jstDate(lateUtc)).toBe('2023-12-01');
    expect(jstMonth(lateUtc)).toBe('2023-12');
    expect(jstIso(lateUtc)).toBe('2023-12-01T00:30:00+09:00');
  });

  test('jstMonth keeps the last month it gave, and is right for instants in any order, at the edges of months and across years below 100', () => {
    const plain = (at: Date) => jstDate(at).slice(0, -3);
    const edge = Date.UTC(2023, 11, 1) - 9 * 3_600_000; // 2023-12-01 00:00 in Tokyo
    for (const ms of [edge, edge - 1, edge, edge + 1, edge - 1]) expect(jstMonth(new Date(ms))).toBe(plain(new Date(ms)));
    const any = fc.integer({ min: Date.UTC(-2000, 0, 1), max: Date.UTC(9999, 11, 31) });
    fc.assert(fc.property(fc.array(fc.oneof(any, fc.integer({ min: edge - 5, max: edge + 5 })), { maxLength: 20 }), (instants) => {
      for (const ms of instants) expect(jstMonth(new Date(ms))).toBe(plain(new Date(ms)));
    }));
  });

  test('monthRange and nextMonth cross year ends', () => {
    expect(monthRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(monthRange('2024-02', '2023-11')).toEqual([]);
    expect(nextMonth('2023-12')).toBe('2024-01');
  });

  test('durations round-trip (R-CALL-2 `00:01:02`)', () => {
    expect(formatDuration(62)).toBe('00:01:02');
    fc.assert(fc.property(fc.integer({ min: 0, max: 359_999 }), (s) => {
      expect(parseDuration(formatDuration(s))).toBe(s);
    }));
  });
});
