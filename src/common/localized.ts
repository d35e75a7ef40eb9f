/**
 * Text the API says to people, in every language it speaks (src/common/language.ts), written together
 * where it is said: `{ vi: 'Không tìm thấy tài sản X', en: 'Asset X not found' }`. The answer picks one
 * by the caller's Accept-Language. Pure (no NestJS).
 */
import { type Lang, LANGUAGES } from './language';

export type Localized = Readonly<Record<Lang, string>>;

/**
 * The text in `lang`. A plain string is given as is: it is already in the reader's language, or has
 * none (a value quoted from the request, an import's row error as the import words it).
 */
export const inLang = (text: Localized | string, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);

/** A text written once per language by the same function (e.g. a list joined with its own words). */
export const byLang = (write: (lang: Lang) => string): Localized => Object.fromEntries(LANGUAGES.map((lang) => [lang, write(lang)])) as Record<Lang, string>;
