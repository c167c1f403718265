import { evaluate, Severity } from '../../../../src';
import { NO_LITERAL_SECRETS } from '../../../../src/policy/rules/kubernetes/no-literal-secrets';
import { compliantBundle, compliantPodSpec, inputOf, mutated, container, run } from '../../helpers';

// Assembled at run time so that the test file holds no scanner-matching secret.
const STRIPE = ['sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY'].join('');

function withContainer(mutate: (c: any) => void): any {
  const spec = compliantPodSpec();
  mutate(spec.containers[0]);
  return spec;
}

const POD_KINDS: Array<[string, (spec: any) => any]> = [
  ['Pod', spec => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'orders' }, spec })],
  ['Deployment', spec => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'orders' }, spec: { template: { spec } } })],
  ['StatefulSet', spec => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'orders' }, spec: { template: { spec } } })],
  ['DaemonSet', spec => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'orders' }, spec: { template: { spec } } })],
  ['ReplicaSet', spec => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'orders' }, spec: { template: { spec } } })],
  ['Job', spec => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'orders' }, spec: { template: { spec } } })],
  ['CronJob', spec => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'orders' }, spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec } } } } })],
  ['PodTemplate', spec => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'pt', namespace: 'orders' }, template: { spec } })],
];

describe('K8S-040: literal secrets', () => {
  test('is an error-level rule of the Kubernetes pack with the secret-value opt-out', () => {
    expect([NO_LITERAL_SECRETS.id, NO_LITERAL_SECRETS.pack, NO_LITERAL_SECRETS.severity, NO_LITERAL_SECRETS.optOutControl])
      .toEqual(['K8S-040', 'kubernetes', Severity.ERROR, 'secret-value']);
  });

  describe.each(POD_KINDS)('%s', (kind, wrap) => {
    test('env value secret by name', () => {
      const findings = run(NO_LITERAL_SECRETS, inputOf(wrap(withContainer(c => { c.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }))));
      expect(findings.map(f => f.message)).toEqual(['container "orders": env DB_PASSWORD holds a literal secret (the name "DB_PASSWORD" says it holds a password)']);
      expect(findings[0].resource).toMatch(new RegExp(`^${kind} orders/`));
    });
    test('env value secret by form, args and command', () => {
      const findings = run(NO_LITERAL_SECRETS, inputOf(wrap(withContainer(c => {
        c.env = [{ name: 'AWS_SECRET_ACCESS_KEY', value: AWS_SECRET }];
        c.args = [`--stripe-key=${STRIPE}`];
        c.command = ['sh', '-c', 'export API_TOKEN=abc123 && exec /app/server'];
      }))));
      expect(findings.map(f => f.message)).toEqual([
        'container "orders": env AWS_SECRET_ACCESS_KEY holds a literal secret (the value looks like an AWS secret access key (40 characters of base64))',
        'container "orders": command[2] holds a literal secret (the variable "API_TOKEN" says it holds a token)',
        'container "orders": args[0] holds a literal secret (the value looks like a Stripe API key (sk_/rk_ live or test))',
      ]);
    });
  });

  test('init and ephemeral containers are checked too', () => {
    const spec = compliantPodSpec();
    spec.initContainers = [{ ...spec.containers[0], name: 'migrate', args: ['--password', 'hunter2'] }];
    spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', env: [{ name: 'TOKEN', value: 'abc123' }] }];
    const messages = run(NO_LITERAL_SECRETS, inputOf(POD_KINDS[0][1](spec))).map(f => f.message);
    expect(messages).toEqual([
      'initContainer "migrate": args[1] holds a literal secret (the flag "password" says it holds a password)',
      'ephemeralContainer "debug": env TOKEN holds a literal secret (the name "TOKEN" says it holds a token)',
    ]);
  });

  test('ConfigMap data: a secret key, a secret form and a config file with a password line', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app', namespace: 'orders' },
      data: {
        'mode': 'prod',
        'db-password': 'hunter2',
        'stripe': STRIPE,
        'application.properties': 'server.port=8443\nspring.datasource.password=hunter2\n',
        'fluent-bit.conf': '[OUTPUT]\n    Name cloudwatch_logs\n    region eu-west-1\n',
        'password.conf': 'passwordFile: /run/secrets/db\n',
      },
    };
    expect(run(NO_LITERAL_SECRETS, inputOf(cm)).map(f => f.message)).toEqual([
      'data application.properties holds a literal secret (line 2: the key "spring.datasource.password" says it holds a password)',
      'data db-password holds a literal secret (the name "db-password" says it holds a password)',
      'data stripe holds a literal secret (the value looks like a Stripe API key (sk_/rk_ live or test))',
    ]);
  });

  test('references, secret files and ordinary values are not findings', () => {
    const input = compliantBundle(mutated(d => {
      container(d).env = [
        { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' },
        { name: 'TOKEN_URL', value: 'https://auth.example.com/token' },
        { name: 'SECRET_NAME', value: 'prod/orders/db' },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'LOG_LEVEL', value: 'info' },
      ];
      container(d).args = ['--token-file=/var/run/secrets/token', '--port', '8443'];
    }));
    expect(run(NO_LITERAL_SECRETS, input)).toEqual([]);
  });

  test('other kinds and malformed objects are ignored', () => {
    expect(run(NO_LITERAL_SECRETS, inputOf(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { password: 'hunter2' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ env: 'x', args: 'y' }] } },
    ))).toEqual([]);
  });

  test('the opt-out annotation on the object accepts the finding with its reason', () => {
    const pod = POD_KINDS[0][1](withContainer(c => { c.env = [{ name: 'API_TOKEN', value: 'public-demo-token' }]; }));
    pod.metadata.annotations = { 'opt-out.secure-constructs.io/secret-value': 'the demo token is public and read-only (DOC-7)' };
    const report = evaluate(inputOf(pod), { rules: [NO_LITERAL_SECRETS] });
    expect(report.findings.map(f => [f.ruleId, f.suppressed, f.suppressionReason])).toEqual([['K8S-040', true, 'the demo token is public and read-only (DOC-7)']]);
  });
});
