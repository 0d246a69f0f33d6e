import type { Factory } from '../../../factory.js';
import { actorOf } from '../../../archive/actor.js';
import type { Actor } from '../../../archive/audit.js';

/** audit.log's "who": the OS user and the profile's access ID (or MYPAGE_ACCESS_ID) — nothing secret. */
export async function actorFrom(f: Factory): Promise<Actor> {
  const accessId = (await f.profile().catch(() => null))?.profile?.accessId ?? f.env.MYPAGE_ACCESS_ID ?? null;
  return actorOf(f.env, accessId);
}
