/*
 * Test helpers (`@mypage/sdk/testing`): fixtures shaped like the API contract and msw happy-path
 * handlers per domain, used by the SDK's and the CLI's unit tests and by apps that test their code
 * against a mocked network edge (msw is then the app's dev dependency). Tests add failures with
 * `server.use(...)`. For the real reference server in-process, see `@mypage/mock-server/testing`.
 */
export * from './fixtures.js';
export * from './handlers.js';
export * from './portal-handlers.js';
export * as fixtures from './fixtures.js';
