import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { fakeIO, runInProcess } from '../../testing.js';
import { callHandlers, callRecord } from '../../bookkeeping/msw.test-util.js';
import { verbTestSetup } from '../../bookkeeping/verb.test-util.js';
import { newSummaryCommand, type SummaryOptions } from './summary.js';

const ctx = verbTestSetup();
const calls = new Map([
  ['2023-12', [callRecord('2023-12', '0611115555', 'ひかり電話・県内', 34, 8, 1), callRecord('2023-12', '0611115555', '移動体', 5, 16, 2), callRecord('2023-12', '0611112222', 'PSTN・県間', 186, 16, 3)]],
  ['2024-01', [callRecord('2024-01', '0611112222', 'ひかり電話・県内', 62, 8, 4)]],
]);

describe('calls summary — parse', () => {
  it('--by defaults to phone', async () => {
    let got: SummaryOptions | undefined;
    await newSummaryCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => {
      got = o;
    }).parseAsync(['--from', '2023-11', '--to', '2024-01'], { from: 'user' });
    expect(got).toMatchObject({ from: '2023-11', to: '2024-01', by: 'phone' });
  });
});

describe('calls summary — run (D-2)', () => {
  it('pipe: phone, calls, minutes, charge — the sums of the records; a month without records is named on stderr', async () => {
    ctx.server.use(...callHandlers(calls));
    const r = await runInProcess(['calls', 'summary', '--from', '2023-11', '--to', '2024-01'], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('0611112222\t2\t4.1\t24\n0611115555\t2\t0.7\t24\n');
    expect(r.err).toContain('2023-11');
  });

  it('--by type on a terminal: a table with the total', async () => {
    ctx.server.use(...callHandlers(calls));
    const r = await runInProcess(['calls', 'summary', '--from', '2023-12', '--to', '2024-01', '--by', 'type'], { tty: true, store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/移動体.*16円/);
    expect(r.out).toMatch(/合計.*4.*00:04:47.*48円/);
  });

  it('--json with a department map (phone → 部門)', async () => {
    ctx.server.use(...callHandlers(calls));
    const map = `${ctx.configDir}/d.json`;
    writeFileSync(map, '{"0611115555":"営業部"}');
    const r = await runInProcess(['--json', 'calls', 'summary', '--from', '2023-12', '--to', '2024-01', '--department-map', map], { store: ctx.store, configDir: ctx.configDir });
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ by: 'department', months: ['2023-12', '2024-01'], skipped: [] });
    expect(s.rows.map((x: { key: string; charge: number }) => [x.key, x.charge])).toEqual([['(未設定)', 24], ['営業部', 24]]);
  });
});
