import { z } from 'zod';

/*
 * Free text a person types (inquiry subject and body, names, imported values) must be text:
 * no control characters (NUL, ESC and the rest of C0 and C1, DEL), no lone UTF-16 surrogates,
 * no bidirectional overrides (U+202A–202E, U+2066–2069). Such characters have no place in a
 * subject or a name, and in the back office they reach an operator's terminal (an ESC sequence
 * can rewrite the screen) or hide what a line says. Multi-line fields (bodies) keep TAB, LF and CR.
 * The schemas refuse them, so the server answers 400 VALIDATION_FAILED before any handler runs.
 */

const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** With the `u` flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** What is wrong with `text` as free text, or null when it is fine. */
export function textProblem(text: string, opts: { multiline?: boolean } = {}): 'control-character' | 'lone-surrogate' | null {
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  if ((opts.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(text)) return 'control-character';
  return null;
}

const MESSAGE = 'must not contain control characters (NUL, ESC, …), bidirectional overrides or lone surrogates';

/** Adds the free-text check to a string schema (one line: no line breaks either). */
export function plainText<T extends z.ZodString>(schema: T, opts: { multiline?: boolean } = {}): T {
  return schema.refine((s) => textProblem(s, opts) === null, { message: opts.multiline ? MESSAGE : `${MESSAGE}; one line only` }) as T;
}
