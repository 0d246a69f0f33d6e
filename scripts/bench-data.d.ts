// Types of bench-data.js for the TypeScript bench entries.
import type { Data } from '../mock-server/src/store/schema.js';

export const BENCH_USER: { accessId: string; password: string; email: string };
export const SCALES: Record<'demo' | 'large', { customers: number; months: number; callsPerLine: number; seed: number } | null>;
export function benchData(scale: 'demo' | 'large' | string): Promise<Data>;
