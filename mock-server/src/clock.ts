/** Injected time (R-FMT-10): the server never calls `Date.now()` directly, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts where you say, moves only when told. */
export class FakeClock implements Clock {
  #ms: number;
  constructor(start: Date | string = '2024-01-15T10:00:00+09:00') {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}
