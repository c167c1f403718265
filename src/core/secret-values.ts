import { IConstruct } from 'constructs';
import { ConfigurationError, pathOf } from './errors';

/**
 * Recognizes literal secret values: by the name they are given (an environment variable
 * `DB_PASSWORD`, a flag `--api-key`, a line `password: ...` of a config file) or by their form (AWS
 * access keys, PEM private keys, JSON Web Tokens, tokens with a well-known prefix, random-looking
 * strings). Construct validation refuses such values and the Kubernetes pack flags them in any
 * output; both use the functions here so that they agree.
 *
 * The functions never return the value itself: reasons name the kind of secret only, and
 * {@link redactSecret} renders a value for an error message.
 */

/**
 * The opt-out control (`opt-out.secure-constructs.io/secret-value`) that accepts a value the
 * detection takes for a secret, with a reason.
 */
export const SECRET_VALUE_OPT_OUT = 'secret-value';

/** A secret found in an argument list. */
export interface SecretArgument {
  /** Index of the argument that holds the secret (for `--password value`, the index of `value`). */
  readonly index: number;
  /** Why it looks like a secret. */
  readonly reason: string;
}

// ---------------------------------------------------------------------------------------------
// By name

/** How strongly a name says that its value is secret. */
enum Strength {
  /** `password`, `secret`, `token`, `api key`...: every value counts except references and paths. */
  STRONG,
  /** `auth`: modes and switches (`AUTH=oidc`, `AUTH=none`) are not secrets. */
  WEAK,
}

interface NameKind {
  readonly label: string;
  readonly strength: Strength;
}

/** Words that, as the last word of a name, say it holds something about a secret, not the secret. */
const DESCRIPTORS = new Set([
  'file', 'files', 'path', 'paths', 'dir', 'directory', 'folder', 'location', 'mount', 'volume',
  'url', 'urls', 'uri', 'endpoint', 'host', 'hostname', 'port', 'addr', 'address', 'server', 'service', 'svc',
  'name', 'names', 'id', 'ids', 'ref', 'arn', 'kind', 'type', 'mode', 'method', 'scheme', 'provider', 'strategy',
  'policy', 'rule', 'rules', 'enabled', 'enable', 'disabled', 'required', 'optional', 'header', 'headers', 'param',
  'field', 'length', 'len', 'min', 'max', 'size', 'count', 'limit', 'bytes', 'bits', 'ttl', 'lifetime', 'expiry',
  'expires', 'expiration', 'timeout', 'interval', 'seconds', 'secs', 'ms', 'minutes', 'hours', 'days', 'duration',
  'age', 'version', 'format', 'encoding', 'algorithm', 'alg', 'issuer', 'audience', 'scope', 'scopes', 'realm',
  'region', 'namespace', 'store', 'backend', 'source', 'env', 'prefix', 'suffix', 'pattern', 'regex', 'label',
  'template', 'class', 'user', 'username', 'profile', 'stdin', 'command', 'cmd', 'script', 'hint', 'level',
]);

/** Words that, as the first word of a name, make it a switch (`NO_AUTH`, `--skip-password`). */
const SWITCHES = new Set(['no', 'skip', 'disable', 'enable', 'use', 'require', 'allow', 'without', 'with', 'is', 'has', 'insecure']);

/** Words that turn a following (or joined) `key` into a secret key: `API_KEY`, `signingKey`. */
const KEY_QUALIFIERS = ['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'hmac', 'app', 'session', 'license', 'client', 'account', 'shared'];

/** Splits a name into lower-case words: `DB_PASSWORD`, `dbPassword`, `db-password`, `X-API-Key`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(w => w.length > 0);
}

function wordKind(word: string, previous: string | undefined): NameKind | undefined {
  if (/passw(or)?d|passphrase/.test(word) || word === 'pwd' || word === 'pass') return { label: 'a password', strength: Strength.STRONG };
  if (/credential/.test(word)) return { label: 'credentials', strength: Strength.STRONG };
  if (/apikey/.test(word)) return { label: 'an API key', strength: Strength.STRONG };
  if (/privatekey/.test(word)) return { label: 'a private key', strength: Strength.STRONG };
  if (/accesskey/.test(word)) return { label: 'an access key', strength: Strength.STRONG };
  if (/secret/.test(word)) return { label: 'a secret', strength: Strength.STRONG };
  if (/token$/.test(word)) return { label: 'a token', strength: Strength.STRONG };
  if (word === 'key' && previous !== undefined && KEY_QUALIFIERS.includes(previous)) return { label: keyLabel(previous), strength: Strength.STRONG };
  if (word.endsWith('key') && KEY_QUALIFIERS.includes(word.slice(0, -3))) return { label: keyLabel(word.slice(0, -3)), strength: Strength.STRONG };
  if (/^(basic|bearer|http|proxy)?auth(orization)?$/.test(word)) return { label: 'authentication data', strength: Strength.WEAK };
  return undefined;
}

function keyLabel(qualifier: string): string {
  const text = qualifier === 'api' ? 'API key' : `${qualifier} key`;
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/** What a name says its value holds (`a password`, `a token`...), or undefined when nothing secret. */
function nameKind(name: string): NameKind | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  if (DESCRIPTORS.has(last)) return undefined;
  if (words.length > 1 && SWITCHES.has(words[0])) return undefined;
  let found: NameKind | undefined;
  for (let i = 0; i < words.length; i++) {
    const kind = wordKind(words[i], words[i - 1]);
    if (kind && (!found || kind.strength < found.strength)) found = kind;
  }
  return found;
}

/**
 * Whether `name` (an environment variable, a flag or a config key) says its value is a secret:
 * `DB_PASSWORD`, `apiKey`, `--client-secret`, `GITHUB_TOKEN`, `BASIC_AUTH`. Names of things about a
 * secret are not: `PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `SECRET_ARN`, `TOKEN_TTL`,
 * `AUTH_ENABLED`, `NO_AUTH`.
 */
export function isSecretName(name: string): boolean {
  return nameKind(name) !== undefined;
}

/** Values that hold no secret whatever their name says. */
function benignForName(value: string, strength: Strength): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(true|false|yes|no|on|off|none|null|nil|enabled|disabled|required|optional|\*+)$/i.test(v)) return true;
  if (isReference(v)) return true;
  // A file the secret is mounted at (`/run/secrets/db`), or a relative path to one.
  if (/^(\/|\.\.?\/|~\/)\S*$/.test(v)) return true;
  // A URL without a password in it (forms with a password are caught by form).
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v)) return true;
  // A lower-case host name with a domain (`auth.orders.svc.cluster.local`, `vault.internal:8200`).
  if (/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+(:\d{1,5})?$/.test(v)) return true;
  // A mode or switch for names that only say "auth".
  if (strength === Strength.WEAK && /^[a-z][a-z0-9_-]{0,15}$/.test(v)) return true;
  return false;
}

/** A reference to a value held elsewhere: `$(VAR)`, `${VAR}`, `{{ .Values.x }}`. */
function isReference(v: string): boolean {
  return /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(v) || /^\$\{[^}]+\}$/.test(v) || /^\{\{.*\}\}$/.test(v);
}

// ---------------------------------------------------------------------------------------------
// By form

/** Forms recognized anywhere in a text. */
const FORMS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, 'a PEM private key'],
  [/(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/, 'an AWS access key id'],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, 'a JSON Web Token'],
  [/(?<![A-Za-z0-9])(sk|rk)_(live|test)_[0-9A-Za-z]{10,}/, 'a Stripe API key (sk_/rk_ live or test)'],
  [/(?<![A-Za-z0-9])whsec_[0-9A-Za-z]{20,}/, 'a Stripe webhook signing secret (whsec_)'],
  [/(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}/, 'a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_)'],
  [/(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,}/, 'a GitHub fine-grained token (github_pat_)'],
  [/(?<![A-Za-z0-9])xox[abeoprs]-[A-Za-z0-9-]{10,}/, 'a Slack token (xox…-)'],
  [/(?<![A-Za-z0-9])xapp-\d-[A-Za-z0-9-]{10,}/, 'a Slack app token (xapp-)'],
  [/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/, 'a Slack webhook URL'],
  [/(?<![A-Za-z0-9])gl(pat|dt|rt|ptt|cbt|oas|soat|ffct|agent)-[A-Za-z0-9_-]{20,}/, 'a GitLab token (glpat-...)'],
  [/(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}/, 'a Google API key (AIza)'],
  [/(?<![A-Za-z0-9])ya29\.[0-9A-Za-z_-]{20,}/, 'a Google OAuth access token (ya29.)'],
  [/(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}/, 'an npm token (npm_)'],
  [/(?<![A-Za-z0-9])pypi-AgE[A-Za-z0-9_-]{50,}/, 'a PyPI token (pypi-)'],
  [/(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/, 'an Anthropic API key (sk-ant-)'],
  [/(?<![A-Za-z0-9])sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/, 'an OpenAI API key (sk-)'],
  [/(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/, 'a SendGrid API key (SG.)'],
  [/(?<![A-Za-z0-9])dop_v1_[a-f0-9]{64}/, 'a DigitalOcean token (dop_v1_)'],
  [/(?<![A-Za-z0-9])hv[sbr]\.[A-Za-z0-9_-]{24,}/, 'a HashiCorp Vault token (hvs.)'],
  [/(?<![A-Za-z0-9])shp(at|ss|ca|pa)_[a-fA-F0-9]{32}/, 'a Shopify token (shpat_)'],
  [/(?<![A-Za-z0-9])dckr_pat_[A-Za-z0-9_-]{20,}/, 'a Docker Hub token (dckr_pat_)'],
  [/AccountKey=[A-Za-z0-9+/]{40,}={0,2}/, 'an Azure storage account key'],
];

/**
 * Prefixes distinctive enough that whatever follows them is taken for the token, however short
 * or elided (`sk_live_…`).
 */
const DISTINCT_PREFIXES: Array<[RegExp, string]> = [
  [/(?<![A-Za-z0-9_-])(sk|rk)_(live|test)_\S/, 'a Stripe API key (sk_/rk_ live or test)'],
  [/(?<![A-Za-z0-9_-])whsec_\S/, 'a Stripe webhook signing secret (whsec_)'],
  [/(?<![A-Za-z0-9_-])(gh[pousr]_|github_pat_)\S/, 'a GitHub token (ghp_, github_pat_...)'],
  [/(?<![A-Za-z0-9_-])xox[abeoprs]-\S/, 'a Slack token (xox…-)'],
  [/(?<![A-Za-z0-9_-])glpat-\S/, 'a GitLab token (glpat-...)'],
  [/(?<![A-Za-z0-9_-])sk-ant-\S/, 'an Anthropic API key (sk-ant-)'],
];

const ALL_FORMS = [...FORMS, ...DISTINCT_PREFIXES];
/** One pass over a value tells whether any form matches; the label is looked up only then. */
const ANY_FORM = new RegExp(ALL_FORMS.map(([re]) => `(?:${re.source})`).join('|'));

/** A URL with a password in its user info: `postgres://app:hunter2@db:5432/orders`. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/i;
/** A `password=`-style pair in a connection string or query: `Server=db;Password=hunter2`. */
const PAIR_PASSWORD = /(?:^|[;&?\s])(?:password|pwd|passwd)\s*=\s*([^;&\s]+)/i;

/** Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Shortest string judged by its entropy. */
export const ENTROPY_MIN_LENGTH = 20;

/** Entropy (bits per character) above which a long token counts as random; shorter ones need less. */
export const ENTROPY_THRESHOLD = 4.2;

/**
 * Whether one whitespace-free token looks random enough to be a key or token: at least
 * {@link ENTROPY_MIN_LENGTH} characters of the base64 (or base64url) alphabet with letters and
 * digits mixed, and an entropy close to that of random text of its length. URLs, paths, host and
 * dotted names, image digests, UUIDs, hex strings (digests, commit ids) and identifiers made of
 * words (`orders-service-queue-2024`, `OrdersServiceQueue`) are not.
 */
function highEntropy(token: string): boolean {
  let t = token.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]+$/.test(t)) return false;
  if (t.startsWith('/') && !t.includes('+')) return false; // a path
  // A name with a random-looking suffix (`orders-7d4b9c8f5-x2k9p`): judge its longest non-word part.
  const parts = t.split(/[-_]/);
  if (parts.length > 1 && parts.some(p => /^([a-z]{3,}|[A-Z][a-z]{2,}|[A-Z]{3,})$/.test(p))) {
    t = parts.filter(p => !/^([a-z]{3,}|[A-Z][a-z]{2,}|[A-Z]{3,})$/.test(p)).sort((a, b) => b.length - a.length)[0] ?? '';
  }
  if (t.length < ENTROPY_MIN_LENGTH) return false;
  if (/^[0-9a-fA-F-]+$/.test(t)) return false; // hex digests, commit ids, UUIDs
  if (!/[0-9+/]/.test(t) || !/[A-Za-z]/.test(t)) return false;
  // Identifiers made of words (`K8sCluster2Prod01Main`): most characters are in runs of letters.
  const wordy = (t.match(/[A-Z]?[a-z]{3,}/g) ?? []).reduce((n, w) => n + w.length, 0);
  if (wordy / t.length >= 0.5) return false;
  return shannonEntropy(t) >= Math.min(ENTROPY_THRESHOLD, 0.85 * Math.log2(t.length));
}

/** An AWS secret access key: 40 characters of base64 with both cases. */
function awsSecretKey(token: string): boolean {
  return /^[A-Za-z0-9/+]{40}$/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token) && !/^[0-9a-fA-F]+$/.test(token);
}

/**
 * Why `value` looks like a secret by its form alone, whatever its name: a PEM private key, an
 * AWS access key id or secret access key, a JSON Web Token, a token with a well-known prefix
 * (Stripe `sk_live_`, GitHub `ghp_`/`github_pat_`, Slack `xox?-`, GitLab `glpat-`, Google `AIza`,
 * npm `npm_`...), a URL or connection string with a password, or a random-looking string. Returns
 * undefined when none applies.
 */
export function secretFormReason(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (ANY_FORM.test(value)) {
    for (const [re, label] of ALL_FORMS) {
      if (re.test(value)) return `the value looks like ${label}`;
    }
  }
  const url = URL_PASSWORD.exec(value);
  if (url && !placeholder(url[1])) return 'the value is a URL with a password in it';
  const pair = PAIR_PASSWORD.exec(value);
  if (pair && !placeholder(pair[1])) return 'the value holds a password= pair';
  for (const raw of value.split(/\s+/)) {
    const token = raw.replace(/^["'([{]+|["',;)\]}]+$/g, '');
    if (awsSecretKey(token)) return 'the value looks like an AWS secret access key (40 characters of base64)';
    if (highEntropy(token)) return 'the value looks random (high entropy), like a key or token';
  }
  return undefined;
}

function placeholder(v: string): boolean {
  return isReference(v) || /^(\*+|x+|<[^>]*>|\.\.\.|…)$/i.test(v) || /^\$[A-Za-z_{(]/.test(v);
}

// ---------------------------------------------------------------------------------------------
// Name and value together

/**
 * Why the value `value` given under `name` (an environment variable, a flag without its dashes or
 * a config key) looks like a secret, or undefined. The form of the value counts whatever the name;
 * a secret name counts unless the value is clearly not the secret itself (empty, a switch, a
 * `$(VAR)` reference, a file path, a URL without password, a host name).
 *
 * @example
 * secretValueReason('DB_PASSWORD', 'hunter2')            // 'the name "DB_PASSWORD" says it holds a password'
 * secretValueReason('PASSWORD_FILE', '/run/secrets/db')  // undefined
 * secretValueReason('STRIPE', 'sk_live_...')             // 'the value looks like a Stripe API key ...'
 */
export function secretValueReason(name: string | undefined, value: unknown): string | undefined {
  return reasonFor(name, value, 'name');
}

function reasonFor(name: string | undefined, value: unknown, noun: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const form = secretFormReason(value);
  if (form) return form;
  if (typeof name !== 'string') return undefined;
  const kind = nameKind(name);
  if (kind && !benignForName(value, kind.strength)) return `the ${noun} "${name}" says it holds ${kind.label}`;
  return undefined;
}

const FLAG_WITH_VALUE = /^(--?)([A-Za-z][A-Za-z0-9_.:-]*)=(.*)$/s;
const FLAG_ALONE = /^--?([A-Za-z][A-Za-z0-9_.:-]*)$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/**
 * The first argument of `args` (a container's `command` or `args`) that holds a secret, or
 * undefined: `--stripe-key=sk_live_…` (by form), `--password=hunter2` and `--password`,
 * `hunter2` (by the flag's name), `DB_PASSWORD=hunter2` inside a `sh -c` script, or any bare
 * argument of secret form. Flags that take a file or a URL (`--token-file=/var/run/token`) are not.
 */
export function secretInArgs(args: readonly unknown[] | undefined): SecretArgument | undefined {
  if (!Array.isArray(args)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== 'string') continue;
    const form = secretFormReason(arg);
    if (form) return { index: i, reason: form };
    const tokens = arg.split(/\s+/).filter(t => t.length > 0);
    for (let j = 0; j < tokens.length; j++) {
      const token = tokens[j];
      const withValue = FLAG_WITH_VALUE.exec(token) ?? ASSIGNMENT.exec(token);
      if (withValue) {
        const name = withValue.length === 4 ? withValue[2] : withValue[1];
        const reason = reasonFor(name, unquote(withValue[withValue.length - 1]), withValue.length === 4 ? 'flag' : 'variable');
        if (reason) return { index: i, reason };
        continue;
      }
      const alone = FLAG_ALONE.exec(token);
      if (!alone || !nameKind(alone[1])) continue;
      // `--password value`: the value follows in the same argument or is the next argument.
      const [next, at] = j + 1 < tokens.length ? [tokens[j + 1], i]
        : tokens.length === 1 && typeof args[i + 1] === 'string' ? [args[i + 1] as string, i + 1] : [undefined, i];
      if (next === undefined || next.startsWith('-')) continue;
      const reason = reasonFor(alone[1], unquote(next), 'flag');
      if (reason) return { index: at, reason };
    }
  }
  return undefined;
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/s.exec(v);
  return m ? m[2] : v;
}

const LINE_PAIR = /^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;

/**
 * Why a text (a config file held in a ConfigMap, say) holds a secret, or undefined: any secret
 * form in it, or a line `name = value` / `name: value` / `"name": "value"` whose name says it is
 * secret and whose value is one. Comment lines (`#`, `;`, `//`) are skipped.
 */
export function secretInText(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (/^\s*(#|;|\/\/)/.test(line)) continue;
    const form = secretFormReason(line);
    if (form) return `line ${n + 1}: ${form}`;
    const pair = LINE_PAIR.exec(line);
    if (pair) {
      const reason = reasonFor(pair[1], unquote(pair[2]), 'key');
      if (reason) return `line ${n + 1}: ${reason}`;
    }
  }
  return undefined;
}

/**
 * A secret value rendered for an error message: its first four characters and its length, never
 * the whole value (`"sk_l…" (32 characters)`).
 */
export function redactSecret(value: string): string {
  const head = [...value].slice(0, 4).join('');
  return `${JSON.stringify(`${head}…`)} (${[...value].length} characters, redacted)`;
}

/** The literal values of a container that construction checks for secrets. */
export interface ContainerValues {
  /** Environment variables by name. */
  readonly env?: { readonly [name: string]: unknown };
  readonly command?: readonly unknown[];
  readonly args?: readonly unknown[];
}

/**
 * Throws a {@link ConfigurationError} for the first literal secret in `values` (`env.<NAME>`,
 * `command[i]`, `args[i]`), pointing to `ManagedSecret`. The value in the error is redacted.
 *
 * @param optOutFix how to accept a value that is not a secret, shown in the fix
 */
export function refuseLiteralSecrets(scope: IConstruct | string, values: ContainerValues,
  optOutFix = "if it is not a secret, pass optOuts: [OptOut.secretValue('<reason>')]"): void {
  const found: Array<[string, string, string]> = [];
  for (const [name, value] of Object.entries(values.env ?? {})) {
    const reason = secretValueReason(name, value);
    if (reason) found.push([`env.${name}`, value as string, reason]);
  }
  for (const field of ['command', 'args'] as const) {
    const list = values[field];
    const hit = secretInArgs(list);
    if (hit) found.push([`${field}[${hit.index}]`, String(list![hit.index]), hit.reason]);
  }
  if (found.length === 0) return;
  const [property, value, reason] = found[0];
  throw new ConfigurationError({
    constructPath: typeof scope === 'string' ? scope : pathOf(scope),
    property,
    value: redactSecret(value),
    problem: `${reason}; a literal secret in the manifest is readable by everyone who can read the manifest, its history and the API server`,
    fix: 'keep the secret in AWS Secrets Manager with ManagedSecret and mount it as a file (give the application its path, e.g. DB_PASSWORD_FILE=/run/secrets/db)'
      + `; ${optOutFix}`,
  });
}
