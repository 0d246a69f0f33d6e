import { describe, expect, it } from 'vitest';
import { repositoryContract } from './contract.js';
import { MemoryEngine } from './memory/engine.js';
import { SLIDE_STEP_MS } from './repositories.js';

repositoryContract('memory', () => MemoryEngine.create());

describe('sessions in memory (JSON and memory engines)', () => {
  it('R-LOGIN-4: a burst of requests within SLIDE_STEP_MS finds the record slid at its start, not a new one per request', async () => {
    const engine = await MemoryEngine.create();
    const s = engine;
    const t0 = new Date('2024-01-15T01:00:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await s.sessions.create({ tokenHash: 't', accountId: 'u', createdAt: t0.toISOString(), lastSeenAt: t0.toISOString(), expiresAt: at(600_000).toISOString(), endedAt: null }, t0);
    const idle = { idleMs: 600_000 };
    const first = await s.sessions.touch('t', at(1_000), idle);
    expect(await s.sessions.touch('t', at(1_001), idle)).toBe(first);
    expect(await s.sessions.touch('t', at(1_000 + SLIDE_STEP_MS - 1), idle)).toBe(first);
    const next = await s.sessions.touch('t', at(1_000 + SLIDE_STEP_MS), idle);
    expect(next).not.toBe(first);
    expect(next?.lastSeenAt).toBe(at(1_000 + SLIDE_STEP_MS).toISOString());
    // a clock that went back slides again rather than trust the mark
    expect(await s.sessions.touch('t', at(1_500), idle)).not.toBe(next);
  });
});
