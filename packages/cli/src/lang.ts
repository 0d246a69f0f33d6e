/** Message language: `--lang`, else the locale of the environment (LC_ALL, LC_MESSAGES, LANG). */
export type Lang = 'ja' | 'en';

export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja/i.test(locale) ? 'ja' : 'en';
}

export function parseLang(value: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (value === 'ja' || value === 'en') return value;
  return langFromEnv(env);
}

/** Pick the text for the language. */
export function t(lang: Lang, ja: string, en: string): string {
  return lang === 'ja' ? ja : en;
}
