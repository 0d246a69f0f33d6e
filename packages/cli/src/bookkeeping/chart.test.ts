import { describe, expect, it } from 'vitest';
import { bar, barChart, displayWidth } from './chart.js';

const points = [
  { label: '2023-10', value: 5646 },
  { label: '2023-11', value: 11292 },
  { label: '2023-12', value: 0 },
];
const fmt = (n: number) => `${n.toLocaleString('ja-JP')}円`;

describe('bar chart of monthly totals', () => {
  it.each([40, 60, 120])('no line is wider than the terminal (%i columns)', (width) => {
    const lines = barChart(points, width, fmt, '月別ご請求額（税込）');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
    for (const l of lines.slice(1)) expect(displayWidth(l)).toBe(width);
  });

  it('the largest month takes the whole room; others in proportion (eighths of a cell)', () => {
    const lines = barChart(points, 60, fmt);
    const room = 60 - 7 - displayWidth('11,292円') - 3;
    expect(lines[1]).toContain('█'.repeat(room));
    expect(lines[0]).toContain(bar(Math.round(0.5 * room * 8)));
    expect(lines[2]).not.toMatch(/[█▏▎▍▌▋▊▉]/);
    expect(lines[0]).toMatch(/^2023-10 │█+[▏▎▍▌▋▊▉]? +5,646円$/);
  });

  it('a wider terminal draws longer bars', () => {
    const count = (w: number) => [...barChart(points, w, fmt)[1]!].filter((c) => c === '█').length;
    expect(count(120)).toBeGreaterThan(count(60));
  });

  it('too narrow for bars: labels and amounts only', () => {
    expect(barChart(points, 20, fmt)).toEqual(['2023-10  5,646円', '2023-11 11,292円', '2023-12      0円']);
  });

  it('full-width characters count two columns', () => {
    expect(displayWidth('5,646円')).toBe(7);
    expect(displayWidth('日本')).toBe(4);
  });
});
