/*
 * `@mypage/sdk/testing`: the msw handlers and fixtures the SDK's own unit tests use, for apps that
 * test their code against a mocked network edge (msw is then the app's dev dependency). For the
 * real reference server in-process, see `@mypage/mock-server/testing` (docs/sdk.md, "Testing").
 */
export { handlers, createMswServer, apiError, rejection } from './handlers.js';
export * as fixtures from './fixtures.js';
export { BASE_URL } from './fixtures.js';
