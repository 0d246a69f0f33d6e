import { describe, expect, it } from 'vitest';
import { fakeIO } from '../testing.js';
import { printList } from './print.js';

/** Display width: East Asian wide / full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const rows = [
  { no: 'CAF0000000001', name: '日本　太郎', service: '[100M] ファミリー' },
  { no: 'COP00000001', name: 'Splashtop', service: 'Splashtop Business' },
];
const cols = [
  { header: '契約番号', get: (r: (typeof rows)[number]) => r.no },
  { header: '顧客名', get: (r: (typeof rows)[number]) => r.name },
  { header: 'サービス', get: (r: (typeof rows)[number]) => r.service },
];

describe('output', () => {
  it('aligns Japanese columns on a terminal: full-width characters count double', async () => {
    const { io, out } = fakeIO({ tty: true });
    io.setColor(false);
    await printList(io, rows, cols);
    const lines = out().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    const widths = new Set(lines.map(width));
    expect(widths.size).toBe(1);
    expect(out()).not.toMatch(/\u001b\[/);
  });

  it('prints tab-separated rows without a header in a pipe', async () => {
    const { io, out } = fakeIO({ tty: false });
    await printList(io, rows, cols);
    expect(out()).toBe('CAF0000000001\t日本　太郎\t[100M] ファミリー\nCOP00000001\tSplashtop\tSplashtop Business\n');
  });

  it('prints the JSON value with --json', async () => {
    const { io, out } = fakeIO({ tty: true });
    io.json = true;
    await printList(io, rows, cols);
    expect(JSON.parse(out())).toEqual(rows);
  });
});
