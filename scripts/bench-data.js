// The benchmark's data (deterministic): `demo` is the demo data of D-7; `large` is 10,000
// generated customers with about 1,000,000 call records (12 months, 4 calls per phone line and
// month) plus the demo data. Both have the bench account `bench1` (password `bench2024`) in the
// demo's group A, so requests go through the real login and session.
import { emptyData, generateData, scryptHasher, seedDemo } from '../mock-server/dist/index.js';

export const BENCH_USER = { accessId: 'bench1', password: 'bench2024', email: 'bench@example.jp' };
export const SCALES = {
  demo: null,
  large: { customers: 10_000, months: 12, callsPerLine: 4, seed: 1 },
};

export async function benchData(scale) {
  if (!(scale in SCALES)) throw new Error(`unknown scale ${scale}`);
  const data = emptyData();
  const hasher = scryptHasher();
  await seedDemo(data, hasher);
  if (SCALES[scale]) generateData(data, SCALES[scale]);
  data.accounts.push({
    id: 'usr_bench', accessId: BENCH_USER.accessId, billingGroupId: 'bg_a', email: BENCH_USER.email, name: 'bench', role: 'admin', notify: false,
    status: 'active', passwordHash: await hasher.hash(BENCH_USER.password), temporaryPasswordHash: null, createdAt: '2024-01-01T00:00:00.000Z',
  });
  return data;
}
