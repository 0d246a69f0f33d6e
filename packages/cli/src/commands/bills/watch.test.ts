import { describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { fakeIO, runInProcess } from '../../testing.js';
import { makeBill } from '../../bookkeeping/fixtures.test-util.js';
import { billHandlers, callHandlers, callRecord } from '../../bookkeeping/msw.test-util.js';
import { verbTestSetup } from '../../bookkeeping/verb.test-util.js';
import { newWatchCommand, type WatchOptions } from './watch.js';

const ctx = verbTestSetup();
const month = (m: string, fibre: number) => makeBill(m, { CAF0000000001: [['基本料', fibre, 10]], COP00000001: [['Splashtop Business', 1833, 10]] });
const steady = [month('2024-03', 10000), month('2024-04', 10000), month('2024-05', 10000)];

describe('bills watch — parse', () => {
  it('passes --threshold, --months and --min-rise through as given', async () => {
    let got: WatchOptions | undefined;
    await newWatchCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => {
      got = o;
    }).parseAsync(['--threshold', '30%', '--months', '6', '--min-rise', '0'], { from: 'user' });
    expect(got).toMatchObject({ threshold: '30%', months: '6', minRise: '0' });
  });
});

describe('bills watch — run (exit code 7, D-11)', () => {
  it('nothing rose: exit 0, every line listed', async () => {
    ctx.server.use(...billHandlers([...steady, month('2024-06', 10500)]), ...callHandlers(new Map()));
    const r = await runInProcess(['bills', 'watch'], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('contract\tCAF0000000001\t11000\t11550\t+5.0%\t\n');
  });

  it('a line that doubles: exit 7 with what rose and by how much', async () => {
    ctx.server.use(...billHandlers([...steady, month('2024-06', 20000)]), ...callHandlers(new Map()));
    const r = await runInProcess(['bills', 'watch'], { tty: true, store: ctx.store, configDir: ctx.configDir });
    expect(r.code).toBe(7);
    expect(r.out).toMatch(/CAF0000000001.*11,000円.*22,000円.*\+100\.0%.*▲ rose/);
    expect(r.err).toContain('BILL_RISE');
    expect(r.err).toContain('CAF0000000001 +100.0%');
  });

  it('call charges per phone number: a rise past threshold and minimum alarms; months without records are not averaged', async () => {
    const calls = new Map([
      ['2024-04', [callRecord('2024-04', '0611115555', 'ひかり電話・県内', 60, 1000)]],
      ['2024-05', [callRecord('2024-05', '0611115555', 'ひかり電話・県内', 60, 1200)]],
      ['2024-06', [callRecord('2024-06', '0611115555', 'ひかり電話・県内', 60, 3000)]],
    ]);
    ctx.server.use(...billHandlers([...steady, month('2024-06', 10000)]), ...callHandlers(calls));
    const r = await runInProcess(['--json', 'bills', 'watch'], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code).toBe(7);
    const w = JSON.parse(r.out);
    expect(w.risen).toEqual([expect.objectContaining({ kind: 'phone', key: '0611115555', newest: 3000, average: 1100, baselineMonths: ['2024-04', '2024-05'] })]);
    expect(JSON.parse(r.err.slice(r.err.indexOf('{'))).error).toMatchObject({ code: 'BILL_RISE', exitCode: 7, kind: 'alarm' });
  });

  it('bad --threshold / --months: usage (exit 2)', async () => {
    for (const args of [['--threshold', 'lots'], ['--months', '0'], ['--min-rise', '-1']]) {
      const r = await runInProcess(['bills', 'watch', ...args], { store: ctx.store, configDir: ctx.configDir });
      expect(r.code, r.err).toBe(2);
    }
  });
});
