/**
 * A small streaming XML scanner for the parts of an XLSX package (SpreadsheetML is plain XML: no DTD,
 * no custom entities). It is fed decoded text in pieces of any size and calls its handler for each
 * start tag, end tag and piece of text, keeping nothing but an unfinished tag between pieces. It
 * never gathers text itself: the handler keeps the text it wants (and caps it), so one huge text node
 * costs no memory here. A DOCTYPE is refused (no entity expansion, no external references), and a
 * tag, comment or processing instruction longer than MAX_MARKUP characters ends the scan.
 */

/** The longest tag, comment, CDATA section or processing instruction accepted (attributes included). */
export const MAX_MARKUP = 1 << 20;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlHandler {
  /**
   * A start tag: its local name (any namespace prefix removed) and the raw text between `<` and `>`,
   * from which attr() reads attributes. A self-closing tag is followed at once by close().
   */
  open(name: string, tag: string): void;
  close(name: string): void;
  /** Whether text is wanted now; text is passed raw (entities still encoded) and may come in several pieces. */
  readonly wantsText: boolean;
  text(raw: string): void;
}

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

/** The end of a start or end tag opened at `from` (the index of its `>`), or -1 when it has not arrived yet. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 62 /* > */) return i;
    else if (c === 34 /* " */ || c === 39 /* ' */) quote = c;
  }
  return -1;
}

export class XmlScanner {
  private rest = '';

  constructor(private readonly handler: XmlHandler) {}

  write(piece: string): void {
    const s = this.rest.length ? this.rest + piece : piece;
    const h = this.handler;
    let i = 0;
    this.rest = '';
    while (i < s.length) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (h.wantsText) h.text(s.slice(i));
        return;
      }
      if (lt > i && h.wantsText) h.text(s.slice(i, lt));
      const next = s.charCodeAt(lt + 1);
      let end: number;
      if ((next === 33 /* ! */ || next === 63) /* ? */ && s.length - lt < 9)
        end = -1; // not enough to tell which yet
      else if (next === 33 || next === 63) {
        if (s.startsWith('<!--', lt)) end = this.special(s, lt, '-->');
        else if (s.startsWith('<![CDATA[', lt)) {
          end = this.special(s, lt, ']]>');
          // CDATA is literal text: handed over with its ampersands encoded, like any other text.
          if (end > 0 && h.wantsText)
            h.text(
              s
                .slice(lt + 9, end - 3)
                .replace(/&/g, '&amp;')
                .replace(/</g, '&lt;'),
            );
        } else if (next === 63) end = this.special(s, lt, '?>');
        else throw new XmlError(s.startsWith('<!DOCTYPE', lt) ? 'a document type declaration (DOCTYPE) is not allowed' : 'malformed markup');
      } else if (Number.isNaN(next)) end = -1;
      else {
        const gt = tagEnd(s, lt);
        end = gt < 0 ? -1 : gt + 1;
        if (end > 0) this.tag(s.slice(lt + 1, gt));
      }
      if (end < 0) {
        this.keep(s.slice(lt));
        return;
      }
      i = end;
    }
  }

  /** The end of input: anything left unfinished is an error. */
  end(): void {
    if (this.rest.trim().length) throw new XmlError('the XML ends inside a tag');
  }

  /** The index after `close` for markup opened at `lt`, or -1 when it has not arrived yet. */
  private special(s: string, lt: number, close: string): number {
    const at = s.indexOf(close, lt + 2);
    return at < 0 ? -1 : at + close.length;
  }

  private keep(unfinished: string): void {
    if (unfinished.length > MAX_MARKUP) throw new XmlError(`a tag or comment longer than ${MAX_MARKUP} characters`);
    this.rest = unfinished;
  }

  private tag(body: string): void {
    const h = this.handler;
    if (body.charCodeAt(0) === 47 /* / */) {
      h.close(localName(body.slice(1).trim()));
      return;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 47;
    let n = 0;
    while (n < body.length) {
      const c = body.charCodeAt(n);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      n++;
    }
    if (n === 0) throw new XmlError('malformed tag');
    const name = localName(body.slice(0, n));
    h.open(name, body);
    if (selfClosing) h.close(name);
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The value of an attribute of a tag given to XmlHandler.open (matched by local name; entities decoded), or undefined. */
export function attr(tag: string, name: string): string | undefined {
  const n = tag.length;
  let i = 0;
  while (i < n && !isSpace(tag.charCodeAt(i))) i++;
  for (;;) {
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const start = i;
    while (i < n && tag.charCodeAt(i) !== 61 /* = */ && !isSpace(tag.charCodeAt(i))) i++;
    if (i >= n || i === start) return undefined;
    let colon = start;
    for (let k = start; k < i; k++) if (tag.charCodeAt(k) === 58 /* : */) colon = k + 1;
    const matches = i - colon === name.length && tag.startsWith(name, colon);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag.charCodeAt(i) !== 61) return undefined;
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const quote = tag.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return undefined;
    const close = tag.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0) return undefined;
    if (matches) {
      const raw = tag.slice(i + 1, close);
      return raw.includes('&') ? decodeEntities(raw) : raw;
    }
    i = close + 1;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five named entities and numeric character references (anything else is left as written). */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
