import { describe, expect, it } from 'vitest';
import { isoInstant } from './iso-instant.js';

describe('isoInstant (R-LOGIN-4: the session instants of every signed-in request)', () => {
  it('writes every instant exactly as Date#toISOString, across minutes, seconds and milliseconds', () => {
    let seed = 20261128;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples: number[] = [0, 1, 999, 1000, 59_999, 60_000, 60_001, Date.UTC(2026, 10, 28, 2, 59, 59, 999), Date.UTC(2024, 1, 29, 23, 59, 59, 1)];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor(Date.UTC(1990, 0, 1) + next() * (Date.UTC(2100, 0, 1) - Date.UTC(1990, 0, 1))));
    // a request's pair: now, and now + 30 minutes of idle time
    for (let i = 0; i < 2_000; i++) {
      const now = Math.floor(Date.UTC(2026, 0, 1) + next() * 86_400_000 * 365);
      samples.push(now, now + 30 * 60_000);
    }
    for (const ms of samples) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('gives the edges of four-digit years and instants before 1970 the same text', () => {
    const edges = [-62_167_219_200_001, -62_167_219_200_000, -1, -60_000, -60_001, Date.UTC(1969, 11, 31, 23, 59, 59, 999), 253_402_300_799_999, 253_402_300_800_000];
    for (const ms of edges) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as Date#toISOString does for an instant that is not a time', () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoInstant(8.64e15 + 1)).toThrow(RangeError);
  });

  it('keeps the texts of fractional milliseconds as the Date does (truncated)', () => {
    expect(isoInstant(1_700_000_000_123.7)).toBe(new Date(1_700_000_000_123.7).toISOString());
  });
});
