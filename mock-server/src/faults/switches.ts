import { randomInt } from 'node:crypto';
import type { FaultRule, FaultSettings } from '@mypage/api';
import { seededRandom, type Random } from '../infra/prng.js';
import { ruleMatches } from './rules.js';

export interface FaultDecision {
  latencyMs: number;
  outcome: 'pass' | 'fail' | 'drop';
  retryAfterSeconds: number;
}

/**
 * Dev-mode fault switches: per route pattern an added latency and a share of requests that fail
 * (503) or lose their connection. The first matching rule applies. Outcomes come from a seeded
 * PRNG, one draw per matching request, so the same seed and the same requests give the same
 * faults (tests are not flaky).
 */
export class FaultSwitches {
  #rules: FaultRule[] = [];
  #seed: number | null = null;
  #random: Random = seededRandom(0);

  constructor(settings: { rules?: FaultRule[]; seed?: number | null } = {}) {
    this.set(settings.rules ?? [], settings.seed ?? null);
  }

  set(rules: FaultRule[], seed: number | null): void {
    this.#rules = rules.map((r) => ({ ...r }));
    this.#seed = seed;
    this.#random = seededRandom(seed ?? randomInt(0, 2 ** 31));
  }

  /** Whether any switch is set (with none, no request's answer can change). */
  get active(): boolean {
    return this.#rules.length > 0;
  }

  settings(): FaultSettings {
    return { rules: this.#rules.map((r) => ({ ...r })), seed: this.#seed };
  }

  decide(method: string, path: string): FaultDecision | null {
    const rule = this.#rules.find((r) => ruleMatches(r, method, path));
    if (!rule) return null;
    let outcome: FaultDecision['outcome'] = 'pass';
    if (rule.failRate > 0 || rule.dropRate > 0) {
      const u = this.#random();
      outcome = u < rule.dropRate ? 'drop' : u < rule.dropRate + rule.failRate ? 'fail' : 'pass';
    }
    return { latencyMs: rule.latencyMs, outcome, retryAfterSeconds: rule.retryAfterSeconds };
  }
}
