import type { MyPageClient } from '@mypage/sdk';
import type { IOStreams } from './iostreams.js';
import type { Lang } from './lang.js';

/*
 * What a verb's Options are made of (the GitHub CLI's shape): each verb names the few of these it
 * uses, never the whole Factory, so its run function can be called from a test with fake IO and a
 * client that speaks to msw.
 */

/** Both languages of a message; the run's `--lang` / LANG picks one. */
export type Translate = (ja: string, en: string) => string;

/** Where a verb writes, and in which language. */
export interface Terminal {
  io: IOStreams;
  t: Translate;
  lang: Lang;
}

/** A client with the profile's session, logging in again when it expires (if it can). */
export type ClientFactory = () => Promise<MyPageClient>;

/** The clock (Japan time is computed from it, R-FMT-10); tests pass a fixed one. */
export type Clock = () => Date;
