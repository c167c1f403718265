import * as jsYaml from 'js-yaml';

/**
 * A fast reader for the plain block style most Kubernetes manifests are written in (what `kubectl
 * get -o yaml`, Helm, cdk8s and YAML emitters write): block mappings and sequences, single-line
 * plain and quoted scalars, literal block scalars (`|`, `|-`), `{}` and `[]`, comment lines.
 *
 * It gives the value js-yaml gives (YAML 1.2 core schema: plain scalars are resolved by js-yaml's
 * own resolvers) for every document it reads, and gives up (undefined) on anything else: the
 * caller then parses the document with js-yaml, with all its checks. It gives up, among others, on
 * anchors, aliases and tags, flow collections other than `{}` and `[]`, multi-line scalars other
 * than literal blocks, escapes other than `\"`, `\\`, `\/`, `\n`, `\t` and `\r`, trailing comments,
 * duplicate keys, keys that are not strings, tabs, carriage returns and non-ASCII characters,
 * directives, and nesting deeper than {@link MAX_SIMPLE_DEPTH} levels.
 *
 * @param candidate `text` is known to pass {@link simpleYamlCandidate} (e.g. the whole file was tested)
 */
export function parseSimpleYaml(text: string, candidate = false): { value: unknown } | undefined {
  if (!candidate && !simpleYamlCandidate(text)) return undefined;
  try {
    return { value: new SimpleParser(text).document() };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/**
 * Whether {@link parseSimpleYaml} may read `text` (or the documents in it): it holds only line
 * feeds and printable ASCII.
 */
export function simpleYamlCandidate(text: string): boolean {
  return IMPLICIT !== undefined && !UNSUPPORTED.test(text);
}

/** Nesting past which {@link parseSimpleYaml} gives up (well below the checker's refusal at 100). */
export const MAX_SIMPLE_DEPTH = 64;

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** js-yaml's resolvers of plain scalars in the core schema (null, bool, int, float), in its order. */
const IMPLICIT: ImplicitType[] | undefined = (() => {
  const types = (jsYaml.CORE_SCHEMA as any).compiledImplicit;
  return Array.isArray(types) && types.length > 0 && types.every((t: any) => typeof t?.resolve === 'function' && typeof t?.construct === 'function')
    ? types : undefined;
})();

/** Anything but line feeds and printable ASCII. */
const UNSUPPORTED = /[^\n\x20-\x7e]/;
/** In a plain scalar: a comment, a flow collection, or a mapping on the same line. */
const PLAIN_UNSUPPORTED = /[#{}[\]]|: |:$/;

const GIVE_UP = { giveUp: true };

function giveUp(): never {
  throw GIVE_UP;
}

const ESCAPES: { [c: string]: string } = { '"': '"', '\\': '\\', '/': '/', 'n': '\n', 't': '\t', 'r': '\r' };

/**
 * Whether a plain scalar may start with `c` (followed by `next`): not an indicator, except `-`
 * followed by a non-space (`--flag`, `-1`).
 */
function plainStart(c: number, next: number): boolean {
  switch (c) {
    case 45: // -
      return next === next && next !== 32 && next !== 10; // NaN (end of text) is not a plain start
    case 63: case 58: case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33:
    case 124: case 62: case 39: case 34: case 37: case 64: case 96: case 32:
      return false;
    default:
      return c === c; // not NaN
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A plain scalar's value, resolved as js-yaml resolves it. */
function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  // Only null and booleans start with a letter (at most 5 of them); ints and floats start with
  // a digit, a sign, `.`; null also is `~`.
  const candidate = isLetter(c) ? raw.length <= 5 : (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 126;
  if (candidate) {
    for (const type of IMPLICIT!) {
      if (type.resolve(raw)) return type.construct(raw);
    }
  }
  return raw;
}

class SimpleParser {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private li = 0;
  /** Set by keyAt. */
  private valueCol = 0;

  constructor(private readonly text: string) {
    let pos = 0;
    while (pos < text.length) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length;
      this.starts.push(pos);
      this.ends.push(eol);
      pos = eol + 1;
    }
  }

  public document(): unknown {
    // Comment lines, then the document's `---` marker, if any.
    const n = this.starts.length;
    while (this.li < n && this.commentOrBlank(this.li)) this.li++;
    if (this.li < n && this.text.startsWith('---', this.starts[this.li])) {
      if (this.text.slice(this.starts[this.li] + 3, this.ends[this.li]).trim() !== '') giveUp();
      this.li++;
    }
    const indent = this.next();
    if (indent < 0) giveUp();
    const value = this.node(indent, 1);
    if (this.next() >= 0) giveUp();
    return value;
  }

  private commentOrBlank(line: number): boolean {
    const lead = this.leadingSpaces(line);
    return this.starts[line] + lead === this.ends[line] || this.text.charCodeAt(this.starts[line] + lead) === 35;
  }

  /** Indent of a line; -1 for a blank line or a comment line. */
  private indentOf(line: number): number {
    const t = this.text;
    const s = this.starts[line];
    const e = this.ends[line];
    let p = s;
    while (p < e && t.charCodeAt(p) === 32) p++;
    if (p === e || t.charCodeAt(p) === 35) return -1;
    if (p === s && (t.startsWith('---', s) || t.startsWith('...', s))) giveUp();
    return p - s;
  }

  /** Moves to the next line with content; its indent, or -1 at the end. */
  private next(): number {
    const n = this.starts.length;
    while (this.li < n) {
      const indent = this.indentOf(this.li);
      if (indent >= 0) return indent;
      this.li++;
    }
    return -1;
  }

  /** Whether the line has `-` followed by a space or its end at column `col`. */
  private isDash(line: number, col: number): boolean {
    const p = this.starts[line] + col;
    if (this.text.charCodeAt(p) !== 45) return false;
    return p + 1 === this.ends[line] || this.text.charCodeAt(p + 1) === 32;
  }

  /** A block node whose first line is the current line, at column `col`. */
  private node(col: number, depth: number): unknown {
    if (depth > MAX_SIMPLE_DEPTH) giveUp();
    return this.isDash(this.li, col) ? this.sequence(col, depth) : this.mapping(col, depth, true);
  }

  private sequence(col: number, depth: number): unknown[] {
    const out: unknown[] = [];
    const t = this.text;
    for (;;) {
      const indent = this.next();
      if (indent < col) break;
      if (indent > col) giveUp();
      if (!this.isDash(this.li, col)) break;
      const s = this.starts[this.li];
      const e = this.ends[this.li];
      let c = col + 1;
      while (s + c < e && t.charCodeAt(s + c) === 32) c++;
      if (s + c >= e) giveUp();
      if (depth + 1 > MAX_SIMPLE_DEPTH) giveUp();
      out.push(this.keyAt(this.li, c) !== undefined ? this.mapping(c, depth + 1, false) : this.scalar(this.li, c, col + 2));
    }
    return out;
  }

  /**
   * A block mapping at column `col`. `aligned`: its first line is indented to `col` (else its
   * first key follows a `- ` on that line).
   */
  private mapping(col: number, depth: number, aligned: boolean): { [key: string]: unknown } {
    const out: { [key: string]: unknown } = {};
    let first = true;
    for (;;) {
      if (!first || aligned) {
        const indent = this.next();
        if (indent < col) {
          if (first) giveUp();
          break;
        }
        if (indent > col) giveUp();
      }
      first = false;
      const line = this.li;
      const key = this.keyAt(line, col) ?? giveUp();
      const valueCol = this.valueCol;
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key)) giveUp();
      if (this.starts[line] + valueCol >= this.ends[line]) {
        // Nothing after the key: a nested node below it, or null.
        this.li = line + 1;
        const indent = this.next();
        let value: unknown = null;
        if (indent > col) value = this.node(indent, depth + 1);
        else if (indent === col && this.isDash(this.li, col)) value = this.sequence(col, depth + 1);
        out[key] = value;
      } else {
        out[key] = this.scalar(line, valueCol, col + 1);
      }
    }
    return out;
  }

  /**
   * The key of a mapping entry at column `col` of a line, if the line has one there; the column of
   * its value is left in `valueCol`.
   */
  private keyAt(line: number, col: number): string | undefined {
    const t = this.text;
    const s = this.starts[line] + col;
    const e = this.ends[line];
    const c = t.charCodeAt(s);
    let key: string;
    let after: number;
    if (c === 34 || c === 39) {
      const q = this.quoted(s, e);
      if (t.charCodeAt(q.end) !== 58) return undefined;
      key = q.value;
      after = q.end + 1;
    } else {
      if (!plainStart(c, t.charCodeAt(s + 1))) return undefined;
      let p = s;
      for (; p < e; p++) {
        if (t.charCodeAt(p) === 58 && (p + 1 === e || t.charCodeAt(p + 1) === 32)) break;
      }
      if (p >= e) return undefined;
      const raw = t.slice(s, p);
      if (raw.length > 1024 || raw.charCodeAt(raw.length - 1) === 32 || PLAIN_UNSUPPORTED.test(raw) || raw.includes(',')) giveUp();
      const resolved = resolvePlain(raw);
      if (typeof resolved !== 'string') giveUp();
      key = resolved;
      after = p + 1;
    }
    if (after < e && t.charCodeAt(after) !== 32) giveUp();
    while (after < e && t.charCodeAt(after) === 32) after++;
    this.valueCol = after - this.starts[line];
    return key;
  }

  /** A quoted scalar starting at `s`, on one line: its value and the offset after its closing quote. */
  private quoted(s: number, e: number): { value: string; end: number } {
    const t = this.text;
    let out = '';
    if (t.charCodeAt(s) === 39) {
      let seg = s + 1;
      for (;;) {
        const q = t.indexOf("'", seg);
        if (q < 0 || q >= e) giveUp();
        if (q + 1 < e && t.charCodeAt(q + 1) === 39) {
          out += t.slice(seg, q + 1);
          seg = q + 2;
          continue;
        }
        return { value: out + t.slice(seg, q), end: q + 1 };
      }
    }
    let seg = s + 1;
    for (let p = s + 1; p < e; p++) {
      const ch = t.charCodeAt(p);
      if (ch === 34) return { value: out + t.slice(seg, p), end: p + 1 };
      if (ch === 92) {
        const escaped = p + 1 < e ? ESCAPES[t[p + 1]] : undefined;
        if (escaped === undefined) giveUp();
        out += t.slice(seg, p) + escaped;
        p++;
        seg = p + 1;
      }
    }
    return giveUp();
  }

  /**
   * The scalar at column `col` of a line, to the line's end (a literal block: and the lines
   * below, indented to at least `blockIndent`); moves past it.
   */
  private scalar(line: number, col: number, blockIndent: number): unknown {
    const t = this.text;
    const s = this.starts[line] + col;
    const e = this.ends[line];
    const c = t.charCodeAt(s);
    this.li = line + 1;
    if (c === 34 || c === 39) {
      const q = this.quoted(s, e);
      for (let p = q.end; p < e; p++) if (t.charCodeAt(p) !== 32) giveUp();
      return q.value;
    }
    if (c === 124) return this.literal(s, e, blockIndent);
    let end = e;
    while (end > s && t.charCodeAt(end - 1) === 32) end--;
    const raw = t.slice(s, end);
    if (raw === '{}') return {};
    if (raw === '[]') return [];
    if (!plainStart(c, t.charCodeAt(s + 1)) || PLAIN_UNSUPPORTED.test(raw)) giveUp();
    return resolvePlain(raw);
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `s`..`e`. */
  private literal(s: number, e: number, minIndent: number): string {
    const t = this.text;
    const header = t.slice(s, e).trimEnd();
    if (header !== '|' && header !== '|-') giveUp();
    const n = this.starts.length;
    const first = this.li;
    if (first >= n) giveUp();
    const indent = this.indentOf(first) < 0 ? -1 : this.leadingSpaces(first);
    // A first line that is blank (or a comment line, which would be content) is left to js-yaml.
    if (indent < minIndent) giveUp();
    const parts: string[] = [];
    let trailing = 0;
    let i = first;
    for (; i < n; i++) {
      const ls = this.starts[i];
      const le = this.ends[i];
      if (ls === le) {
        parts.push('');
        trailing++;
        continue;
      }
      const lead = this.leadingSpaces(i);
      if (ls + lead === le) giveUp(); // a line of spaces only
      if (lead < indent) break;
      parts.push(t.slice(ls + indent, le));
      trailing = 0;
    }
    parts.length -= trailing;
    this.li = i;
    const body = parts.join('\n');
    return header === '|' ? `${body}\n` : body;
  }

  private leadingSpaces(line: number): number {
    const t = this.text;
    const s = this.starts[line];
    const e = this.ends[line];
    let p = s;
    while (p < e && t.charCodeAt(p) === 32) p++;
    return p - s;
  }
}
