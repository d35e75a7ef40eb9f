/**
 * The languages the API speaks, Vietnamese first: problem details, validation messages, import row
 * errors, export headers and labels. Pure (no NestJS).
 */

export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The language when the caller does not say (the people who read the answers are Vietnamese officers). */
export const DEFAULT_LANG: Lang = 'vi';

/** At most this much of an Accept-Language header is read (the rest is ignored, never an error). */
const MAX_HEADER_CHARS = 512;

/**
 * The language an Accept-Language header (RFC 9110 §12.5.4) asks for among LANGUAGES: the one with
 * the highest weight (a tag matches on its primary subtag: `vi-VN` is `vi`; `*` is any), the earlier
 * on a tie; `fallback` when the header is absent, malformed or names none of them. Never throws.
 */
export function languageOf(header: string | string[] | undefined, fallback: Lang = DEFAULT_LANG): Lang {
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(0, MAX_HEADER_CHARS);
  let best: { lang: Lang; q: number } | null = null;
  for (const part of text.split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qParam) ? Number(qParam.slice(2)) : 0;
    if (q <= 0) continue;
    const lang = primary === '*' ? fallback : (LANGUAGES as readonly string[]).includes(primary) ? (primary as Lang) : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? fallback;
}
