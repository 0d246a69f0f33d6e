import type { FaultRule } from '@mypage/api';

/**
 * Parse one fault switch in flag syntax (`--fault`):
 *   `[METHOD ]PATTERN=latency:MS,fail:RATE,drop:RATE,retry:SECONDS`
 * e.g. `GET /api/v1/bills*=latency:200,fail:0.5`. METHOD defaults to `*` (any); `*` in PATTERN
 * matches any characters. `fail` answers 503 SERVICE_UNAVAILABLE with Retry-After (`retry`,
 * default 1 s); `drop` closes the connection without an answer. Throws a clear Error on bad syntax.
 */
export function parseFaultRule(spec: string): FaultRule {
  const eq = spec.lastIndexOf('=');
  if (eq < 0) throw new Error(`fault "${spec}": expected [METHOD ]PATTERN=latency:MS,fail:RATE,drop:RATE,retry:S`);
  const target = spec.slice(0, eq).trim();
  const settings = spec.slice(eq + 1).trim();
  const parts = target.split(/\s+/);
  const [method, pattern] = parts.length === 2 ? [parts[0]!.toUpperCase(), parts[1]!] : ['*', parts[0]!];
  if (parts.length > 2 || !pattern.startsWith('/')) throw new Error(`fault "${spec}": the pattern must be a path starting with / (e.g. /api/v1/bills*)`);
  if (!/^(\*|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method)) throw new Error(`fault "${spec}": unknown method ${method}`);
  const rule: FaultRule = { method, pattern, latencyMs: 0, failRate: 0, dropRate: 0, retryAfterSeconds: 1 };
  for (const setting of settings.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, raw] = setting.split(':').map((s) => s.trim()) as [string, string | undefined];
    const value = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) throw new Error(`fault "${spec}": "${setting}" needs a non-negative number`);
    if (key === 'latency') rule.latencyMs = Math.min(60_000, Math.round(value));
    else if (key === 'fail') rule.failRate = rate(spec, value);
    else if (key === 'drop') rule.dropRate = rate(spec, value);
    else if (key === 'retry') rule.retryAfterSeconds = Math.min(3600, Math.round(value));
    else throw new Error(`fault "${spec}": unknown setting "${key}" (latency, fail, drop, retry)`);
  }
  if (rule.failRate + rule.dropRate > 1) throw new Error(`fault "${spec}": fail + drop must not exceed 1`);
  return rule;
}

function rate(spec: string, value: number): number {
  if (value > 1) throw new Error(`fault "${spec}": a rate is between 0 and 1`);
  return value;
}

/** Whether a rule applies to a request. */
export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== '*' && rule.method !== method.toUpperCase()) return false;
  return globMatch(rule.pattern, path);
}

/**
 * `*` matches any run of characters, everything else itself. Greedy with one backtrack point, so
 * the work is at most pattern × path (a regex `^a.*a.*…$` backtracks exponentially: a 60-char
 * pattern froze the server on one request).
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
