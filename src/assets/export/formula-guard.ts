/**
 * The formula guard of the CSV export, and its removal by the import, as one pair of pure functions.
 *
 * Excel and LibreOffice run a CSV cell that starts with = + - @, a tab or a carriage return (or their
 * full-width forms) as a formula (OWASP "CSV injection"): the export writes such a text with a
 * leading `'`, which a spreadsheet shows as a plain-text marker. The import takes exactly that `'`
 * off again, so an exported file imports back unchanged. To keep the pair exact for a text that
 * itself starts with quotes before such a character (`'=x`), the guard is added to any run of
 * quotes followed by one ('=x is written ''=x), and removed only from such a run: a text that
 * starts with a quote and nothing to guard (`'Trích dẫn`) is written and read as it is.
 */

/** A text the export guards: any quotes, then a character a spreadsheet would start a formula with. */
const GUARDED = /^'*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
/** What the guard makes of it: one quote more, so at least one. */
const WRITTEN_GUARDED = /^'+[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A text as the CSV export writes it: with a leading ' when a spreadsheet would run it. */
export const guardFormula = (text: string): string => (GUARDED.test(text) ? `'${text}` : text);

/** A CSV cell as the import reads it: the export's guard, and only it, taken off (unguard(guard(t)) === t). */
export const unguardFormula = (cell: string): string => (WRITTEN_GUARDED.test(cell) ? cell.slice(1) : cell);
