import { describe, expect, it } from 'vitest';
import { runCli, useDemoAdminCli } from './helpers/cli.js';

/*
 * `bills show` printed as the invoice does (R-BILL-2, R-FMT-9): the demo months whose invoice tax
 * differs from the per-contract taxes must print the 端数調整, and what is printed adds up:
 * Σ 小計 + 端数調整 = 合計 = Σ (対象計 + 消費税 per rate) = the bill's total. Built CLI ↔ server.
 */

const { env } = useDemoAdminCli('mypage-cli-bills-');

describe('bills show adds up on the demo months with a 端数調整 (they summed to one yen less than the total)', () => {
  for (const month of ['2023-12', '2024-01', '2024-03', '2024-05']) {
    it(`${month}: Σ 小計 + 端数調整 = 合計 and the per-rate lines sum to 合計 (TSV)`, async () => {
      const json = await runCli(['--json', 'bills', 'show', month], { env: env() });
      expect(json.code, json.stderr).toBe(0);
      const bill = json.json() as { total: number; roundingAdjustment: number };
      expect(bill.roundingAdjustment).not.toBe(0);

      const r = await runCli(['bills', 'show', month], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c.length === 4)
        .map(([contract, item, amount]) => ({ invoice: contract === '', item: item!, amount: Number(amount) }));
      const sum = (pred: (x: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((s, x) => s + x.amount, 0);
      const subtotals = sum((x) => !x.invoice && x.item === '小計');
      const adjustment = sum((x) => x.invoice && x.item === '端数調整');
      const total = sum((x) => x.invoice && x.item === '合計（税込）');
      const perRate = sum((x) => x.invoice && /^\d+%対象計$|^消費税（\d+%）$/.test(x.item));
      expect(adjustment).toBe(bill.roundingAdjustment);
      expect(total).toBe(bill.total);
      expect(subtotals + adjustment).toBe(total);
      expect(perRate).toBe(total);
    });
  }
});
