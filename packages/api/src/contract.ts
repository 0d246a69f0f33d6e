/*
 * `@mypage/api/contract`: the API contract without zod — plain types of every resource and request,
 * where each endpoint lives, the error catalogue, the formats (R-FMT) and fixed texts. What a client
 * (the SDK, the CLI) needs at start-up and in its declarations; the schemas (`@mypage/api`) are for
 * validating, and load only when something validates.
 */

export * from './types.js';
export * from './endpoints.js';
export * from './error-catalog.js';
export * from './formats.js';
export * from './mail.js';
export * from './constants.js';
