/**
 * The part of Go's text/template that Polaris' check definitions use, for rendering them the way
 * Polaris does (`SchemaCheck.TemplateForResource`): text and `{{ }}` actions with `{{-`/`-}}`
 * whitespace trimming, comments, `if`/`else`/`end`, `range $k, $v := <map or list>` (maps in
 * sorted key order, as Go does), variables (`$x := ...`, `$x = ...`), field chains on `.` and on
 * variables (a missing field is "no value", as for Go maps), string/number/bool literals,
 * parentheses, and the functions `not`, `and`, `or`, `eq`, `ne`, `print`, `index`, plus Polaris'
 * `hasPrefix`/`hasSuffix`. Anything else is an error, so a check using more fails loudly.
 */

type Value = unknown;
type Scope = Map<string, Value>;

interface Text { kind: 'text'; text: string }
interface Action { kind: 'action'; body: string }
type Token = Text | Action;

interface Node {
  readonly render: (dot: Value, vars: Scope, out: string[]) => void;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    tokens.push({ kind: 'text', text });
    const comment = src.startsWith('/*', src.slice(start).search(/\S/) + start);
    const close = comment ? src.indexOf('*/', start) + 2 : start;
    const end = src.indexOf('}}', close);
    if (end < 0) throw new Error(`unclosed action at ${open}`);
    let body = src.slice(start, end);
    let next = end + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^\s*/.exec(src.slice(next))!;
      next += m[0].length;
    }
    if (!comment) tokens.push({ kind: 'action', body: body.trim() });
    i = next;
  }
  return tokens;
}

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function field(v: Value, name: string): Value {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Value>)[name] : undefined;
}

function print(v: Value): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const FUNCTIONS: { [name: string]: (...args: Value[]) => Value } = {
  not: (a) => !truthy(a),
  and: (...a) => a.find(x => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find(x => truthy(x)) ?? a[a.length - 1],
  eq: (a, ...b) => b.some(x => (a ?? null) === (x ?? null)),
  ne: (a, b) => (a ?? null) !== (b ?? null),
  print: (...a) => a.map(x => (typeof x === 'string' ? x : print(x))).join(''),
  index: (v, ...keys) => keys.reduce((acc, k) => (Array.isArray(acc) ? acc[k as number] : field(acc, String(k))), v),
  hasPrefix: (s, p) => typeof s === 'string' && s.startsWith(String(p)),
  hasSuffix: (s, p) => typeof s === 'string' && s.endsWith(String(p)),
};

/** Splits an expression into words: strings, parenthesized groups, and other runs. */
function words(expr: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== '"') j += expr[j] === '\\' ? 2 : 1;
      out.push(expr.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < expr.length; j++) {
        if (expr[j] === '(') depth++;
        if (expr[j] === ')' && --depth === 0) break;
      }
      out.push(expr.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < expr.length && !/[\s()]/.test(expr[j])) j++;
      out.push(expr.slice(i, j));
      i = j;
    }
  }
  return out;
}

function operand(word: string, dot: Value, vars: Scope): Value {
  if (word.startsWith('"')) return JSON.parse(word);
  if (word.startsWith('(')) return evaluate(word.slice(1, -1), dot, vars);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === 'nil') return null;
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (word === '.') return dot;
  if (word.startsWith('.')) return word.slice(1).split('.').reduce(field, dot);
  if (word.startsWith('$')) {
    const [name, ...path] = word.split('.');
    if (!vars.has(name)) throw new Error(`undefined variable ${name}`);
    return path.reduce(field, vars.get(name));
  }
  throw new Error(`unsupported operand ${word}`);
}

function evaluate(expr: string, dot: Value, vars: Scope): Value {
  const [head, ...rest] = words(expr);
  if (head === undefined) throw new Error('empty expression');
  if (FUNCTIONS[head]) return FUNCTIONS[head](...rest.map(w => operand(w, dot, vars)));
  if (rest.length > 0) throw new Error(`unsupported function ${head}`);
  return operand(head, dot, vars);
}

function parse(tokens: Token[], pos: { i: number }, stopAt: string[]): { nodes: Node[]; stop?: string } {
  const nodes: Node[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++];
    if (t.kind === 'text') {
      nodes.push({ render: (_d, _v, out) => out.push(t.text) });
      continue;
    }
    const body = t.body;
    const keyword = body.split(/\s+/)[0];
    if (stopAt.includes(keyword)) return { nodes, stop: keyword };
    if (keyword === 'if') {
      const cond = body.slice(2).trim();
      const then = parse(tokens, pos, ['else', 'end']);
      const otherwise = then.stop === 'else' ? parse(tokens, pos, ['end']).nodes : [];
      nodes.push({
        render: (dot, vars, out) => {
          for (const n of truthy(evaluate(cond, dot, vars)) ? then.nodes : otherwise) n.render(dot, vars, out);
        },
      });
    } else if (keyword === 'range') {
      const m = /^range\s+(\$\w+)\s*,\s*(\$\w+)\s*:=\s*(.+)$/.exec(body);
      if (!m) throw new Error(`unsupported range: ${body}`);
      const inner = parse(tokens, pos, ['end']);
      nodes.push({
        render: (dot, vars, out) => {
          const v = evaluate(m[3], dot, vars);
          const entries: Array<[Value, Value]> = Array.isArray(v) ? v.map((x, i) => [i, x])
            : v && typeof v === 'object' ? Object.keys(v).sort().map(k => [k, (v as Record<string, Value>)[k]]) : [];
          for (const [k, x] of entries) {
            const scope = new Map(vars);
            scope.set(m[1], k);
            scope.set(m[2], x);
            for (const n of inner.nodes) n.render(x, scope, out);
          }
        },
      });
    } else {
      const assign = /^(\$\w+)\s*(:?=)\s*(.+)$/.exec(body);
      if (assign) {
        nodes.push({ render: (dot, vars) => { vars.set(assign[1], evaluate(assign[3], dot, vars)); } });
      } else {
        nodes.push({ render: (dot, vars, out) => out.push(print(evaluate(body, dot, vars))) });
      }
    }
  }
  if (stopAt.length > 0) throw new Error(`missing {{ ${stopAt.join(' / ')} }}`);
  return { nodes };
}

/** Renders a Go template against `data`. */
export function renderGoTemplate(template: string, data: Value): string {
  const { nodes } = parse(tokenize(template), { i: 0 }, []);
  const out: string[] = [];
  const vars: Scope = new Map([['$', data]]);
  for (const n of nodes) n.render(data, vars, out);
  return out.join('');
}
