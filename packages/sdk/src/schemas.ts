/*
 * The api's zod schemas, imported on first use: every JSON answer and error envelope is still
 * checked against them, but a program that only starts (`mypage --help`) or builds a client never
 * loads zod. Loaded once per process; later checks reuse the module.
 */

let loaded: Promise<typeof import('@mypage/api')> | undefined;

export function apiSchemas(): Promise<typeof import('@mypage/api')> {
  loaded ??= import('@mypage/api');
  return loaded;
}
