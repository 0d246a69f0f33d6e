/*
 * Observability without secrets: what the hooks receive is the method, the route TEMPLATE
 * (`GET /api/v1/bills/{month}`, never the filled path), the attempt, the status, the duration and
 * the server's request id — never a header, a body, a token, a password or an OTP.
 */

export interface RequestEvent {
  /** `GET`, `POST`, … */
  method: string;
  /** The route template, e.g. `/api/v1/bills/{month}`. */
  route: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
}

export interface ResponseEvent extends RequestEvent {
  /** The HTTP status, or null when no answer came (network error, timeout, abort). */
  status: number | null;
  durationMs: number;
  /** The server's `x-request-id` (quote it to the provider's support). */
  requestId?: string;
  /** The error code when the attempt failed (`BILL_NOT_FOUND`, `NETWORK_ERROR`, …). */
  errorCode?: string;
}

export interface RetryEvent extends RequestEvent {
  /** The attempt about to be made. */
  nextAttempt: number;
  delayMs: number;
  /** Why: the error code of the failed attempt (`SERVICE_UNAVAILABLE`, `NETWORK_ERROR`, …). */
  reason: string;
  status: number | null;
}

/** `new MyPageClient({ hooks: { onRequest, onResponse, onRetry } })`; a hook that throws is ignored. */
export interface MyPageHooks {
  onRequest?: (event: RequestEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
  onRetry?: (event: RetryEvent) => void;
}

export function emit<K extends keyof MyPageHooks>(hooks: MyPageHooks | undefined, name: K, event: Parameters<NonNullable<MyPageHooks[K]>>[0]): void {
  const hook = hooks?.[name] as ((e: typeof event) => void) | undefined;
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // an app's logging must not break its requests
  }
}
