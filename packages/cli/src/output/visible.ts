/*
 * The one place that makes control characters visible. Strings from the server (subjects, names,
 * messages) may hold terminal escapes — an ESC sequence can retitle the window, clear the screen
 * or hide text; a bidi override can reorder what is read. Everything the CLI prints as text goes
 * through `visible` (tables, TSV, notes, warnings, errors, prompts): C0 controls as caret notation
 * (`ESC` → `^[`, `DEL` → `^?`), C1 and bidi controls as `\u009B`. Tab and newline are kept where
 * the caller allows them (a line of text), never inside a TSV cell. JSON output escapes them itself.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_WITH_TAB_NL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

function show(c: string): string {
  const n = c.charCodeAt(0);
  if (n < 0x20) return '^' + String.fromCharCode(n + 0x40);
  if (n === 0x7f) return '^?';
  return `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text with its control characters made visible; tab and newline kept unless `keepLines` is false. */
export function visible(text: string, keepLines = true): string {
  return text.replace(keepLines ? CONTROL : CONTROL_WITH_TAB_NL, show);
}
