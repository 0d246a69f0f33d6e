/* Server test helpers (not test files): the app on a memory store, accounts and sessions, HTTP calls. */
export * from './app.js';
export * from './accounts.js';
export * from './http.js';
