/**
 * Reads the plain part of HCL expressions that Terraform JSON carries in strings, such as the
 * `${jsonencode({"Version" = "2012-10-17", "Statement" = [...]})}` cdktf's `Fn.jsonencode` writes.
 *
 * "Plain" means object and tuple literals, quoted strings, numbers, `true`, `false`, `null` and
 * references (`aws_s3_bucket.b.arn`, `var.x`, `local.y[0]`), which become the string
 * `${<reference>}` as Terraform would interpolate it. Anything else (function calls, operators,
 * conditionals, `for` expressions, heredocs) cannot be read without evaluating the configuration:
 * the parser then returns undefined.
 */

class NotPlain extends Error {}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  public parseAll(): any {
    const value = this.value();
    this.space();
    if (this.pos !== this.text.length) throw new NotPlain();
    return value;
  }

  private space(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {this.pos++;} else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else {break;}
    }
  }

  private value(): any {
    this.space();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c !== undefined && /[A-Za-z_]/.test(c)) return this.identifierValue();
    throw new NotPlain();
  }

  private object(): any {
    this.pos++;
    const result: { [k: string]: any } = {};
    for (;;) {
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return result;
      }
      const key = this.text[this.pos] === '"' ? this.string() : this.identifier();
      if (typeof key !== 'string') throw new NotPlain();
      this.space();
      const sep = this.text[this.pos];
      if (sep !== '=' && sep !== ':') throw new NotPlain();
      this.pos++;
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.text[this.pos] === ',') this.pos++;
    }
  }

  private tuple(): any[] {
    this.pos++;
    const result: any[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return result;
      }
      result.push(this.value());
      this.space();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') throw new NotPlain();
    }
  }

  private string(): string {
    // A quoted HCL template: escapes as in JSON; `${...}` interpolations are kept as written
    // (the way Terraform JSON holds them); `$${` and `%%{` are literal `${` and `%{`.
    let out = '';
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\n') throw new NotPlain();
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        const simple: { [k: string]: string } = { 'n': '\n', 'r': '\r', 't': '\t', '"': '"', '\\': '\\' };
        if (e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {throw new NotPlain();}
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === c && this.text[this.pos + 2] === '{') {
        out += `${c}{`;
        this.pos += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        // An interpolation or directive: copied through to its closing brace.
        const end = this.text.indexOf('}', this.pos);
        if (end < 0) throw new NotPlain();
        out += this.text.slice(this.pos, end + 1);
        this.pos = end + 1;
        continue;
      }
      out += c;
      this.pos++;
    }
    throw new NotPlain();
  }

  private number(): number {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) throw new NotPlain();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!m) throw new NotPlain();
    this.pos += m[0].length;
    return m[0];
  }

  private identifierValue(): any {
    const start = this.pos;
    const first = this.identifier();
    if (first === 'true') return true;
    if (first === 'false') return false;
    if (first === 'null') return null;
    // A reference: identifiers joined by `.`, with `[<number>]`, `["key"]` or `[*]` indexes.
    for (;;) {
      const c = this.text[this.pos];
      if (c === '.' && /[A-Za-z_*]/.test(this.text[this.pos + 1] ?? '')) {
        this.pos++;
        if (this.text[this.pos] === '*') this.pos++;
        else this.identifier();
      } else if (c === '[') {
        const m = /^\[(\d+|"[^"\\]*"|\*)\]/.exec(this.text.slice(this.pos));
        if (!m) throw new NotPlain();
        this.pos += m[0].length;
      } else {break;}
    }
    const next = this.text.slice(this.pos).trimStart()[0];
    if (next === '(') throw new NotPlain();
    return `\${${this.text.slice(start, this.pos)}}`;
  }
}

/** The value of a plain HCL expression, or undefined when it is not plain (see above). */
export function parsePlainHcl(text: string): any {
  try {
    return new Parser(text).parseAll();
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

/**
 * The argument of a whole `${jsonencode(<expr>)}` expression, as JSON text, when the expression
 * is plain; undefined when the value is not such an expression or the argument is not plain.
 */
export function jsonencodeArgument(value: string): string | undefined {
  const m = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(value);
  if (!m) return undefined;
  const parsed = parsePlainHcl(m[1]);
  return parsed === undefined ? undefined : JSON.stringify(parsed);
}
