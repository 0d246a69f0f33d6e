/*
 * Test helpers shared by the SDK's and the CLI's unit tests (`@mypage/sdk/testing`, resolved from
 * source only; never part of the built package): fixtures shaped like the API contract and msw
 * happy-path handlers per domain. Tests add failures with `server.use(...)`.
 */
export * from './fixtures.js';
export * from './handlers.js';
export * from './portal-handlers.js';
