import { input, k8s, messages, tf } from './fixtures';
import { fluentBitConfig } from '../../../../src/logging/log-shipper';
import { evaluate } from '../../../../src/policy/engine';
import { SERVICE_LOGS_SHIPPED } from '../../../../src/policy/rules/cross-cutting/service-logs-shipped';

const MANAGED = { 'app.kubernetes.io/managed-by': 'secure-constructs', 'app.kubernetes.io/part-of': 'prod' };
const GROUP = (ns: string, name: string) => `/secure-constructs/prod/${ns}/${name}`;

/** A service Deployment as the library writes it (labels only; the rule reads nothing else). */
const service = (name: string, ns: string, labels: any = MANAGED, annotations?: any) => k8s({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/name': name, ...labels }, ...(annotations ? { annotations } : {}) },
  spec: { template: { metadata: { labels: {} }, spec: { containers: [{ name, image: 'x' }] } } },
});

/** The platform's shipper DaemonSet and its ConfigMap with `config`. */
const shipper = (config: string, platform = 'prod') => [
  k8s({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluent-bit', namespace: 'logging', labels: { ...MANAGED, 'app.kubernetes.io/part-of': platform, 'app.kubernetes.io/component': 'log-shipper' } },
    spec: { template: { spec: { containers: [{ name: 'fluent-bit', image: 'x' }], volumes: [{ name: 'config', configMap: { name: 'fluent-bit' } }] } } },
  }),
  k8s({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fluent-bit', namespace: 'logging' }, data: { 'fluent-bit.conf': config } }),
];

const routed = (...services: Array<[string, string]>) =>
  fluentBitConfig('eu-west-1', services.map(([ns, name]) => ({ namespace: ns, serviceName: name, logGroupName: GROUP(ns, name) })));
const group = (ns: string, name: string, stack = 'prod') => tf('aws_cloudwatch_log_group', `${name}_LogGroup`, { name: GROUP(ns, name) }, stack);

describe('X-010 every service ships its logs', () => {
  test('services routed by the shipper to log groups of their platform pass; the shipper and unmanaged workloads are not checked', () => {
    expect(messages(SERVICE_LOGS_SHIPPED, input(
      [group('web', 'web'), group('shop', 'orders')],
      [service('web', 'web'), service('orders', 'shop'), ...shipper(routed(['web', 'web'], ['shop', 'orders'])),
        service('vendor', 'tools', { 'app.kubernetes.io/managed-by': 'helm' })],
    ))).toEqual([]);
  });

  test('a shipper configured with plain Match wildcards counts too', () => {
    const config = '[INPUT]\n    Name tail\n    Tag kube.*\n    Path /var/log/containers/*_web_*.log\n\n[OUTPUT]\n    Name cloudwatch_logs\n    Match kube.*_web_web-*\n    log_group_name /secure-constructs/prod/web/web\n';
    expect(messages(SERVICE_LOGS_SHIPPED, input([group('web', 'web')], [service('web', 'web'), ...shipper(config)]))).toEqual([]);
  });

  test('flags a service without a shipper on its platform', () => {
    expect(messages(SERVICE_LOGS_SHIPPED, input([group('web', 'web')], [service('web', 'web'), ...shipper(routed(['web', 'web']), 'staging')])))
      .toEqual(['its logs are not shipped: no log shipper runs on platform "prod"']);
  });

  test('flags a service the shipper does not read or does not send anywhere', () => {
    const noOutput = routed(['web', 'web']).replace(/\[OUTPUT\][\s\S]*$/, '');
    const prefix = 'its logs are not shipped: the log shipper of platform "prod" sends no log file of container';
    // web-admin's files are not read: "web" must not match "web-admin".
    expect(messages(SERVICE_LOGS_SHIPPED, input([group('web', 'web')], [service('web-admin', 'web'), ...shipper(routed(['web', 'web']))])))
      .toEqual([`${prefix} "web-admin" to a CloudWatch log group`]);
    expect(messages(SERVICE_LOGS_SHIPPED, input([group('web', 'web')], [service('web', 'web'), ...shipper(noOutput)])))
      .toEqual([`${prefix} "web" to a CloudWatch log group`]);
  });

  test('flags a service whose log group is not in the Terraform of its platform', () => {
    expect(messages(SERVICE_LOGS_SHIPPED, input([group('web', 'web', 'staging')], [service('web', 'web'), ...shipper(routed(['web', 'web']))])))
      .toEqual(['container "web" logs to "/secure-constructs/prod/web/web", which the Terraform of platform "prod" does not define']);
  });

  test('a platform that turned log shipping off: the finding is accepted with its reason', () => {
    const reason = 'sandbox cluster; the node agent ships logs (OPS-12)';
    const report = evaluate(input([], [service('web', 'web', MANAGED, { 'opt-out.secure-constructs.io/log-shipping': reason })]), { rules: [SERVICE_LOGS_SHIPPED] });
    expect(report.findings.map(f => [f.suppressed, f.suppressedBy, f.suppressionReason, f.failing])).toEqual([[true, 'opt-out:log-shipping', reason, false]]);
  });

  test('odd shipper configuration never throws', () => {
    const odd = ['', '[OUTPUT]\n Name cloudwatch_logs\n Match_Regex ((\n log_group_name g', 'no sections', '[INPUT]\n Name tail'];
    for (const config of odd) {
      expect(() => SERVICE_LOGS_SHIPPED.check(input([], [service('web', 'web'), ...shipper(config)]))).not.toThrow();
    }
  });
});
