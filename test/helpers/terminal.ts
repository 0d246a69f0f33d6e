import { execFileSync } from 'node:child_process';

/*
 * A real terminal for end-to-end tests: tmux sessions a test starts, reads and types into, as a
 * person at a terminal would. One copy of the loop that waits for the screen to show something.
 */

export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** The pane as shown, wrapped lines joined (a line longer than the pane reads as one); `history` adds the scrollback. */
export function capturePane(session: string, opts: { history?: boolean } = {}): string {
  return tmux('capture-pane', '-p', '-J', ...(opts.history ? ['-S', '-'] : []), '-t', session);
}

/** Polls the pane until `pattern` shows; throws with the last screen after `timeoutMs`. */
export async function waitForScreen(session: string, pattern: RegExp, opts: { timeoutMs?: number; history?: boolean } = {}): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let screen = '';
  while (Date.now() < deadline) {
    screen = capturePane(session, opts);
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`terminal never showed ${pattern}; screen:\n${screen}`);
}

/** Ends the sessions a test file started (those already gone are skipped). */
export function killSessions(sessions: readonly string[]): void {
  for (const s of sessions) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      // already gone
    }
  }
}
