/*
 * `@mypage/api/validate`: the checks of every JSON answer, generated from the zod schemas
 * (generate.ts), without zod. `checkAnswer` gives zod's output for a valid answer and FAIL
 * otherwise; a caller that needs the reason asks the schema itself (`@mypage/api`), which loads zod.
 */
import { answerChecks, errorEnvelopeCheck, FAIL } from './answers.generated.js';

export { FAIL, errorEnvelopeCheck };

/**
 * The check of a route's answer with this status (`default`: the error envelope), or undefined when
 * that status is not a documented JSON answer of the route.
 */
export function answerCheck(route: string, status: number | 'default'): ((v: unknown) => unknown) | undefined {
  return answerChecks[route]?.[String(status)];
}
