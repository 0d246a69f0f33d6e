import { MyPageClient } from '@mypage/sdk';

// One client per server; it keeps the session once you log in.
const client = new MyPageClient({
  baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787',
  timeoutMs: 10_000, // per request (default 30 s)
  retries: 2, // GET/PUT/DELETE only, with backoff and jitter; POST is never retried
  userAgent: 'my-app/1.0',
});

const health = await client.meta.health();
console.log(`server ${health.version}, dev mode: ${health.dev}`);

const terms = await client.meta.terms(); // 利用規約 (R-REG-2)
console.log(terms.title);

const designations = await client.meta.corporateDesignations(); // 法人格 ignored in name matching
console.log(designations.map((d) => d.kanji).slice(0, 3).join(', '));
