import { randomBytes } from 'crypto';
import { ConfigurationError } from '../../src/core/errors';
import { isSecretName, redactSecret, refuseLiteralSecrets, secretFormReason, secretInArgs, secretInText, secretValueReason, shannonEntropy } from '../../src/core/secret-values';

// Values assembled at run time so that the test file itself holds no scanner-matching secret.
const join = (...parts: string[]) => parts.join('');
const STRIPE = join('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc');
const AWS_KEY_ID = join('AKIA', 'IOSFODNN7EXAMPLE');
const AWS_SESSION_KEY_ID = join('ASIA', 'Y34FZKBOKMUTVV7A');
const AWS_SECRET = join('wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY');
const JWT = join('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ', '.', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
const PEM = join('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7b9...\n-----END RSA PRIVATE KEY-----');
const GITHUB = join('ghp_', 'a'.repeat(18), 'B7'.repeat(9));

describe('secret by form', () => {
  test.each([
    ['a Stripe live key', STRIPE, 'Stripe'],
    ['a Stripe restricted key', join('rk_', 'live_', 'x'.repeat(24)), 'Stripe'],
    ['an AWS access key id', AWS_KEY_ID, 'AWS access key id'],
    ['an AWS session key id', AWS_SESSION_KEY_ID, 'AWS access key id'],
    ['an AWS secret access key', AWS_SECRET, 'AWS secret access key'],
    ['a JWT', JWT, 'JSON Web Token'],
    ['a PEM private key', PEM, 'PEM private key'],
    ['an OpenSSH private key', join('-----BEGIN ', 'OPENSSH PRIVATE KEY-----'), 'PEM private key'],
    ['a GitHub token', GITHUB, 'GitHub token'],
    ['a GitHub fine-grained token', join('github_pat_', '11ABCDEFG0', 'x'.repeat(40)), 'GitHub fine-grained'],
    ['a Slack bot token', join('xoxb-', '2345678901-2345678901-', 'AbCdEfGhIjKl'), 'Slack token'],
    ['a Slack user token', join('xoxp-', '1234567890-abcdefghij'), 'Slack token'],
    ['a Slack webhook', join('https://hooks.slack.com/services/', 'T0000000/B0000000/', 'XXXXXXXXXXXXXXXXXXXXXXXX'), 'Slack webhook'],
    ['a GitLab token', join('glpat-', 'xxxxxxxxxxxxxxxxxxxx'), 'GitLab'],
    ['a Google API key', join('AIza', 'SyA-1234567890abcdefghijklmnopqrstu'), 'Google API key'],
    ['an npm token', join('npm_', 'a1B2'.repeat(9)), 'npm token'],
    ['a URL with a password', 'postgres://orders:hunter2@db.internal:5432/orders', 'URL with a password'],
    ['a connection string with a password', 'Server=db;Database=orders;User Id=app;Password=hunter2;', 'password= pair'],
    ['random base64 (32 bytes)', 'q8R2v+Xn0LmZk7Yb3Wc1TfPa9HsJd4Ue6Gi5Oo/Nt2M=', 'random'],
    ['a random token with a prefix', 'tok-9Fq2LxZ8rT4mW1pK7vB3nC6y', 'random'],
    ['an elided Stripe key', join('sk_', 'live_…'), 'Stripe'],
    ['an elided GitHub token', join('ghp_', '…'), 'GitHub token'],
    ['an elided Slack token', join('xoxb-', '…'), 'Slack token'],
  ])('%s', (_label, value, reason) => {
    expect(secretFormReason(value)).toContain(reason);
    // Whatever the name.
    expect(secretValueReason('MODE', value)).toContain(reason);
  });

  test('recognizes most random strings of 20 characters and more', () => {
    let found = 0;
    for (let i = 0; i < 200; i++) if (secretFormReason(randomBytes(18).toString('base64url'))) found++;
    expect(found).toBeGreaterThanOrEqual(170);
  });

  test('Shannon entropy: bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('abcdefgh')).toBe(3);
  });

  test('URL passwords and password= pairs that are references are not secrets', () => {
    expect(secretFormReason('postgres://orders:$(DB_PASSWORD)@db:5432/orders')).toBeUndefined();
    expect(secretFormReason('postgres://orders:${DB_PASSWORD}@db:5432/orders')).toBeUndefined();
    expect(secretFormReason('Server=db;Password=$(DB_PASSWORD)')).toBeUndefined();
    expect(secretFormReason('postgres://orders@db:5432/orders')).toBeUndefined();
  });
});

describe('secret by name', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2', 'a password'],
    ['dbPassword', 'hunter2', 'a password'],
    ['db-passwd', 'hunter2', 'a password'],
    ['DBPASSWORD', 'correct horse battery staple', 'a password'],
    ['DB_PASS', 'hunter2', 'a password'],
    ['MYSQL_ROOT_PWD', '1234', 'a password'],
    ['SMTP_PASSPHRASE', 'open sesame', 'a password'],
    ['APP_SECRET', 'not-so-secret', 'a secret'],
    ['CLIENT_SECRET', 'abc', 'a secret'],
    ['clientSecret', 'abc', 'a secret'],
    ['GITHUB_TOKEN', 'abc123', 'a token'],
    ['authToken', 'abc123', 'a token'],
    ['X_ACCESS_TOKEN', 'abc123', 'a token'],
    ['API_KEY', 'abc123', 'an API key'],
    ['APIKEY', 'abc123', 'an API key'],
    ['api-key', 'abc123', 'an API key'],
    ['X-Api-Key', 'abc123', 'an API key'],
    ['PRIVATE_KEY', 'abc', 'a private key'],
    ['SIGNING_KEY', 'abc', 'a signing key'],
    ['ENCRYPTION_KEY', 'abc', 'an encryption key'],
    ['AWS_ACCESS_KEY', 'abc', 'an access key'],
    ['AWS_SECRET_ACCESS_KEY', 'short', 'a secret'],
    ['GOOGLE_CREDENTIALS', '{"type":"service_account"}', 'credentials'],
    ['BASIC_AUTH', 'user:hunter2', 'authentication data'],
    ['AUTHORIZATION', 'Bearer abc.def', 'authentication data'],
  ])('%s=%s', (name, value, label) => {
    expect(secretValueReason(name, value)).toBe(`the name "${name}" says it holds ${label}`);
    expect(isSecretName(name)).toBe(true);
  });

  test.each([
    // Names of things about a secret.
    ['PASSWORD_FILE', '/run/secrets/db-password'],
    ['DB_PASSWORD_PATH', 'secrets/db'],
    ['TOKEN_URL', 'https://auth.example.com/oauth2/token'],
    ['TOKEN_ENDPOINT', 'https://auth.example.com/token'],
    ['SECRET_NAME', 'prod/orders/db'],
    ['SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-db-AbCdEf'],
    ['SECRET_ID', 'orders/db'],
    ['TOKEN_TTL', '3600'],
    ['TOKEN_LIFETIME_SECONDS', '900'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['API_KEY_HEADER', 'X-Api-Key'],
    ['AUTH_ENABLED', 'true'],
    ['AUTH_MODE', 'oidc'],
    ['AUTH_PROVIDER', 'google'],
    ['SECRETS_STORE', 'aws'],
    ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'],
    ['NO_AUTH', 'false'],
    ['MAX_TOKENS', '4096'],
    ['TOKENIZER', 'cl100k_base'],
    // Secret names whose value is no secret.
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', '$(DB_PASSWORD_FROM_FILE)'],
    ['DB_PASSWORD', '/run/secrets/db'],
    ['AUTH', 'none'],
    ['AUTH', 'oidc'],
    ['AUTH_SERVER', 'https://auth.example.com'],
    ['OAUTH_CLIENT_ID', 'orders-web'],
    ['KEY_PREFIX', 'orders/'],
    ['CACHE_KEY', 'orders-v2'],
  ])('not a secret: %s=%s', (name, value) => {
    expect(secretValueReason(name, value)).toBeUndefined();
  });
});

/**
 * Ordinary configuration: none of it may be taken for a secret. This table is the false-positive
 * measurement: it must stay at zero.
 */
const ORDINARY: Array<[string, string]> = [
  ['LOG_LEVEL', 'info'], ['LOG_FORMAT', 'json'], ['NODE_ENV', 'production'], ['SPRING_PROFILES_ACTIVE', 'prod,metrics'],
  ['PORT', '8443'], ['HTTP_PORT', '8080'], ['GRPC_PORT', '9090'], ['METRICS_PORT', '9464'],
  ['DATABASE_HOST', 'orders-db.cluster-abc123xyz.eu-west-1.rds.amazonaws.com'], ['DB_NAME', 'orders'], ['DB_USER', 'orders_app'],
  ['DATABASE_URL', 'postgres://orders@orders-db:5432/orders?sslmode=verify-full'],
  ['REDIS_URL', 'rediss://cache.orders.svc.cluster.local:6380/0'],
  ['API_BASE_URL', 'https://api.example.com/v2/'], ['CATALOG_URL', 'https://catalog.shop.svc.cluster.local:8443'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://otel-collector.observability:4317'], ['OTEL_SERVICE_NAME', 'orders'],
  ['OTEL_RESOURCE_ATTRIBUTES', 'service.namespace=shop,deployment.environment=prod'],
  ['AWS_REGION', 'eu-west-1'], ['AWS_DEFAULT_REGION', 'us-gov-west-1'], ['AWS_ROLE_ARN', 'arn:aws:iam::111122223333:role/prod-shop-orders'],
  ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
  ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.23/v1/credentials'],
  ['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token'],
  ['QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/111122223333/prod-orders'],
  ['BUCKET', 'prod-receipts-111122223333-eu-west-1'], ['TABLE_NAME', 'prod-catalog'],
  ['SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/shop/web-db-Ab12Cd'],
  ['FEATURE_NEW_CHECKOUT', 'true'], ['FEATURE_FLAGS', 'checkout-v2,search-beta'], ['ENABLE_TRACING', 'false'],
  ['CONFIG_FILE', '/etc/orders/config.yaml'], ['TLS_CERT_FILE', '/etc/tls/tls.crt'], ['TLS_KEY_FILE', '/etc/tls/tls.key'],
  ['SSL_CERT_DIR', '/etc/ssl/certs'], ['HOME', '/tmp'], ['TMPDIR', '/tmp'], ['PWD', '/app'], ['PATH', '/usr/local/bin:/usr/bin:/bin'],
  ['JAVA_TOOL_OPTIONS', '-XX:MaxRAMPercentage=75 -javaagent:/otel/opentelemetry-javaagent.jar'],
  ['JAVA_OPTS', '-Dspring.datasource.password-file=/run/secrets/db -Xmx512m'],
  ['IMAGE', 'ghcr.io/acme/orders@sha256:4f1e2d3c4b5a69788796a5b4c3d2e1f04f1e2d3c4b5a69788796a5b4c3d2e1f0'],
  ['GIT_SHA', '3f9a1c7e5b2d4e8f9a6b1c2d3e4f5a6b7c8d9e0f'], ['BUILD_ID', '20260101.1234'], ['VERSION', 'v1.24.3-rc.1'],
  ['REQUEST_ID_HEADER', 'x-request-id'], ['INSTANCE_ID', '3f9a1c7e-5b2d-4e8f-9a6b-1c2d3e4f5a6b'],
  ['POD_NAME', 'orders-7d4b9c8f5-x2k9p'], ['NODE_NAME', 'ip-10-0-64-12.eu-west-1.compute.internal'],
  ['TZ', 'Europe/Berlin'], ['LANG', 'en_US.UTF-8'], ['GOMAXPROCS', '2'], ['GOMEMLIMIT', '230MiB'],
  ['TIMEOUT', '30s'], ['RETRY_BACKOFF', '250ms'], ['CRON', '0 2 * * *'], ['ALLOWED_ORIGINS', 'https://shop.example.com,https://admin.example.com'],
  ['CLUSTER_NAME', 'K8sCluster2Prod01Main'], ['QUEUE', 'OrdersServiceQueue2024'], ['TOPIC', 'orders.events.v1'],
  ['KAFKA_BROKERS', 'b-1.msk.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'],
  ['OAUTH_ISSUER', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI'], ['OAUTH_CLIENT_ID', '4f1e2d3c4b5a6978'],
  ['OIDC_AUDIENCE', 'orders-api'], ['JWKS_URI', 'https://auth.example.com/.well-known/jwks.json'],
  ['TOKEN_AUDIENCE', 'sts.amazonaws.com'], ['AUTH_HEADER', 'Authorization'], ['PASSWORD_POLICY', 'strong'],
  ['CORS_MAX_AGE', '600'], ['NO_COLOR', '1'], ['MESSAGE', 'Welcome to the shop, have a nice day'],
  ['CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt'], ['NAMESPACE', 'shop'], ['SERVICE_ACCOUNT', 'orders'],
];

test(`ordinary configuration values are not taken for secrets (${ORDINARY.length} cases, 0 false positives)`, () => {
  const falsePositives = ORDINARY
    .map(([name, value]) => [name, value, secretValueReason(name, value)])
    .filter(([, , reason]) => reason !== undefined);
  expect(falsePositives).toEqual([]);
});

describe('arguments', () => {
  test.each([
    [['--stripe-key=' + STRIPE], 0, 'Stripe'],
    [['--stripe-key=' + join('sk_', 'live_…')], 0, 'Stripe'],
    [['serve', '--password', 'hunter2'], 2, 'the flag "password" says it holds a password'],
    [['serve', '--password=hunter2'], 1, 'the flag "password" says it holds a password'],
    [['serve', '--db-password hunter2'], 1, 'the flag "db-password" says it holds a password'],
    [['serve', '-apikey', 'abc123'], 2, 'an API key'],
    [['sh', '-c', 'export DB_PASSWORD=hunter2 && exec /app/server'], 2, 'the variable "DB_PASSWORD" says it holds a password'],
    [['java', '-Dspring.datasource.password=hunter2', '-jar', 'app.jar'], 1, 'a password'],
    [['--aws-key', AWS_KEY_ID], 1, 'AWS access key id'],
    [['curl', '-H', 'Authorization: Bearer ' + JWT], 2, 'JSON Web Token'],
    [['--token="abc123"'], 0, 'a token'],
  ])('%j', (args, index, reason) => {
    const found = secretInArgs(args);
    expect(found?.index).toBe(index);
    expect(found?.reason).toContain(reason);
  });

  test.each([
    [['serve', '--port=8443', '--log-level', 'info']],
    [['--token-file=/var/run/secrets/token', '--auth-mode=oidc']],
    [['--password-file', '/run/secrets/db']],
    [['--no-auth', 'config.yaml']],
    [['docker', 'login', '--password-stdin', 'registry.example.com']],
    [['--password', '--verbose']],
    [['sh', '-c', 'exec /app/server --config /etc/app/config.yaml']],
    [['--secret-name=prod/orders/db', '--tls-key-file=/etc/tls/tls.key']],
    [['node', 'dist/main.js']],
    [[]],
  ])('no secret in %j', args => {
    expect(secretInArgs(args)).toBeUndefined();
  });

  test('non-string arguments and a missing list are ignored', () => {
    expect(secretInArgs(undefined)).toBeUndefined();
    expect(secretInArgs([8080 as any, null as any])).toBeUndefined();
  });
});

describe('text (config files)', () => {
  test.each([
    ['spring.datasource.url=jdbc:postgresql://db:5432/orders\nspring.datasource.password=hunter2\n', 'line 2: the key "spring.datasource.password" says it holds a password'],
    ['database:\n  host: db\n  password: hunter2\n', 'line 3: the key "password" says it holds a password'],
    ['users:\n  - password: hunter2\n', 'line 2: the key "password" says it holds a password'],
    ['export API_TOKEN="abc123"\n', 'line 1: the key "API_TOKEN" says it holds a token'],
    ['{\n  "apiKey": "abc123",\n  "mode": "prod"\n}', 'line 2: the key "apiKey" says it holds an API key'],
    ['[stripe]\nkey = ' + STRIPE, 'line 2: the value looks like a Stripe'],
    ['tls.key: |\n' + PEM, 'line 2: the value looks like a PEM private key'],
  ])('%j', (text, reason) => {
    expect(secretInText(text)).toContain(reason);
  });

  test.each([
    ['[SERVICE]\n    Flush 5\n    Log_Level info\n[OUTPUT]\n    Name cloudwatch_logs\n    region eu-west-1\n'],
    ['# password: hunter2 (example)\nmode: prod\n'],
    ['database:\n  password: ${DB_PASSWORD}\n  passwordFile: /run/secrets/db\n'],
  ])('no secret in %j', text => {
    expect(secretInText(text)).toBeUndefined();
  });
});

test('redaction shows four characters and the length only', () => {
  const shown = redactSecret(STRIPE);
  expect(shown).toBe(`"sk_l…" (${STRIPE.length} characters, redacted)`);
  expect(shown).not.toContain(STRIPE.slice(4, 12));
});

test('reasons never contain the value', () => {
  for (const [name, value] of [['DB_PASSWORD', 'hunter2'], ['X', STRIPE], ['X', AWS_SECRET], ['X', JWT]]) {
    expect(secretValueReason(name, value)).not.toContain(value);
  }
});

describe('refuseLiteralSecrets (construction)', () => {
  test.each([
    ['a password by name', { env: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2' } }, 'env.DB_PASSWORD', 'the name "DB_PASSWORD" says it holds a password'],
    ['an AWS secret access key', { env: { AWS_SECRET_ACCESS_KEY: AWS_SECRET } }, 'env.AWS_SECRET_ACCESS_KEY', 'AWS secret access key'],
    ['a Stripe key in args', { args: ['--port=8443', `--stripe-key=${STRIPE}`] }, 'args[1]', 'Stripe'],
    ['a password flag in command', { command: ['server', '--password', 'hunter2'] }, 'command[2]', 'the flag "password"'],
  ])('%s', (_label, values, property, reason) => {
    let error: unknown;
    try {
      refuseLiteralSecrets('prod/orders', values);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const e = error as ConfigurationError;
    expect([e.constructPath, e.property]).toEqual(['prod/orders', property]);
    expect(e.problem).toContain(reason);
    expect(e.fix).toContain('ManagedSecret');
    expect(e.fix).toContain('OptOut.secretValue');
    expect(e.value).toContain('redacted');
    for (const secret of ['hunter2', AWS_SECRET, STRIPE]) expect(e.message).not.toContain(secret);
  });

  test('ordinary values pass', () => {
    expect(() => refuseLiteralSecrets('prod/orders', { env: Object.fromEntries(ORDINARY), command: ['node', 'dist/main.js'], args: ['--port=8443'] })).not.toThrow();
    expect(() => refuseLiteralSecrets('prod/orders', {})).not.toThrow();
  });
});
