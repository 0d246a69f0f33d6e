import os from 'node:os';
import type { Actor } from './audit.js';

/** The OS user running the command (audit.log's "who"); never fails. */
export function osUser(env: NodeJS.ProcessEnv): string {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // a container user without a passwd entry
  }
  return env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'unknown';
}

/** Who ran it: the OS user and the portal access ID (never a password, token or OTP). */
export function actorOf(env: NodeJS.ProcessEnv, accessId: string | null | undefined): Actor {
  return { osUser: osUser(env), accessId: accessId ?? null };
}
