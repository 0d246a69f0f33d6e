import { describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { fakeIO, runInProcess } from '../../testing.js';
import { displayWidth } from '../../bookkeeping/chart.js';
import { MIXED, OCT } from '../../bookkeeping/fixtures.test-util.js';
import { billHandlers } from '../../bookkeeping/msw.test-util.js';
import { verbTestSetup } from '../../bookkeeping/verb.test-util.js';
import { newSummaryCommand, type SummaryOptions } from './summary.js';

const ctx = verbTestSetup();

async function parsed(args: string[]): Promise<SummaryOptions> {
  let got: SummaryOptions | undefined;
  await newSummaryCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => {
    got = o;
  }).parseAsync(args, { from: 'user' });
  return got!;
}

describe('bills summary — parse', () => {
  it('--by defaults to contract; --chart / --no-chart / neither', async () => {
    const o = await parsed(['--from', '2023-10']);
    expect(o).toMatchObject({ from: '2023-10', by: 'contract' });
    expect(o.chart).toBeUndefined();
    expect((await parsed(['--from', '2023-10', '--chart'])).chart).toBe(true);
    expect((await parsed(['--from', '2023-10', '--no-chart', '--by', 'month'])).chart).toBe(false);
  });
});

describe('bills summary — run', () => {
  it('pipe: key, month, yen lines that add up to the bills; no chart', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const r = await runInProcess(['bills', 'summary', '--from', '2023-10', '--to', '2024-07'], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => l.split('\t'));
    expect(lines[0]).toEqual(['CAF0000000001', '2023-10', '3630']);
    for (const m of ['2023-10', '2024-07']) expect(lines.filter((l) => l[1] === m).reduce((s, l) => s + Number(l[2]), 0)).toBe(m === '2023-10' ? OCT.total : MIXED.total);
    expect(lines.some((l) => l[0] === '端数調整' && l[1] === '2024-07' && Number(l[2]) === MIXED.roundingAdjustment)).toBe(true);
    expect(r.out).not.toContain('█');
  });

  it('terminal: a table with a total row, then the chart within 80 columns', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const r = await runInProcess(['bills', 'summary', '--from', '2023-10', '--to', '2024-07'], { tty: true, store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Total.*5,646円.*[\d,]+円/);
    const chart = r.out.split('\n').filter((l) => /^\d{4}-\d{2} │/.test(l)); // the chart's rows (a table may draw │ too)
    expect(chart).toHaveLength(2);
    for (const l of chart) expect(displayWidth(l)).toBeLessThanOrEqual(80);
  });

  it('--json: the summary, reconciled; a department map groups contracts', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const { writeFileSync } = await import('node:fs');
    const map = `${ctx.configDir}/departments.csv`;
    writeFileSync(map, 'CAF0000000001,営業部\nCOP00000001,営業部\n');
    const r = await runInProcess(['--json', 'bills', 'summary', '--from', '2023-10', '--to', '2024-07', '--department-map', map], { store: ctx.store, configDir: ctx.configDir });
    const s = JSON.parse(r.out);
    expect(s.by).toBe('department');
    expect(s.rows.map((x: { key: string }) => x.key)).toEqual(['営業部', '端数調整']);
    expect(s.grandTotal).toBe(OCT.total + MIXED.total);
  });
});
