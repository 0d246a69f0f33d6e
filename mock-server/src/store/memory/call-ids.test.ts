import { describe, expect, it } from 'vitest';
import { CallIdIndex } from './call-ids.js';

describe('the index of call record ids (call-ids.ts)', () => {
  it('answers has() as a Set does through growth, removals (backward shift) and re-adds', () => {
    const where = new Map<string, number>();
    const index = new CallIdIndex((bucket, id) => where.get(id) === bucket);
    const ids = Array.from({ length: 20_000 }, (_, i) => `call-${i % 7}-${i}`);
    ids.forEach((id, i) => {
      where.set(id, i % 13);
      index.add(id, i % 13);
    });
    expect(index.size).toBe(ids.length);
    expect(ids.every((id) => index.has(id))).toBe(true);
    expect(index.has('call-0-20000')).toBe(false);
    // remove every third id: the rest must still be found (runs of the probe sequence closed up)
    ids.forEach((id, i) => {
      if (i % 3 === 0) {
        index.delete(id, i % 13);
        where.delete(id);
      }
    });
    expect(index.size).toBe(ids.length - Math.ceil(ids.length / 3));
    ids.forEach((id, i) => expect(index.has(id), id).toBe(i % 3 !== 0));
    index.delete('never added', 0);
    index.delete(ids[1]!, 2); // added with bucket 1: not this entry
    expect(index.has(ids[1]!)).toBe(true);
    index.add(ids[0]!, 5);
    where.set(ids[0]!, 5);
    expect(index.has(ids[0]!)).toBe(true);
  });

  it('removes an id without asking its bucket (an undo does not read the month once per row)', () => {
    let asked = 0;
    const index = new CallIdIndex(() => {
      asked++;
      return true;
    });
    for (let i = 0; i < 1000; i++) index.add(`k${i}`, 7);
    for (let i = 0; i < 1000; i++) index.delete(`k${i}`, 7);
    expect(asked).toBe(0);
    expect(index.size).toBe(0);
  });

  it('never answers from the hashes alone: an id the bucket does not hold is not there', () => {
    const index = new CallIdIndex(() => false);
    index.add('k1', 0);
    expect(index.has('k1')).toBe(false);
  });
});
