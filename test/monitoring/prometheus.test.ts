import * as path from 'path';
import { IssuerRef, MeshDataPlane, Monitoring, OptOut, SecureApp, SecureMicroservice, ServiceMesh, ServiceTls } from '../../src';
import { loadDirectory } from '../../src/policy/load';
import { PolicyInput } from '../../src/policy/model';
import { SERVICE_PROMETHEUS_RULES, SERVICE_SCRAPED_OVER_TLS } from '../../src/policy/rules/cross-cutting/service-prometheus-monitoring';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, selects, synth, Synthesized } from '../support/synth';

function build(monitoring: Monitoring, extra: any = {}, serviceProps: any = {}) {
  const platform = newPlatform({ monitoring, ...extra });
  new SecureMicroservice(platform, 'web', { image: image('web', 1), ...serviceProps });
  new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop' });
  const app = platform.node.scope as SecureApp;
  const out = synth(app);
  return { platform, app, out, input: loadDirectory(path.resolve(app.outdir), ['kubernetes', 'terraform']) };
}

const alerts = (out: Synthesized, name: string, ns: string) =>
  objectOf(out, 'PrometheusRule', name, ns).spec.groups[0].rules as Array<{ alert: string; expr: string; for?: string; labels: any }>;
const alert = (out: Synthesized, name: string, ns: string, a: string) => alerts(out, name, ns).find(r => r.alert === a)!;

describe('Prometheus monitoring without a mesh (defaults)', () => {
  let b: ReturnType<typeof build>;
  beforeAll(() => { b = build(Monitoring.prometheus()); });

  test('every object validates against the vendored CRDs and core schemas', () => {
    expect(objectsOf(b.out, 'ServiceMonitor')).toHaveLength(2);
    expect(objectsOf(b.out, 'PrometheusRule')).toHaveLength(2);
    expect(validateObjects(b.out.objects)).toEqual([]);
  });

  test('a ServiceMonitor per service scrapes /metrics on its HTTPS port every 30 s, verifying it with the platform CA and its DNS name', () => {
    const sm = objectOf(b.out, 'ServiceMonitor', 'orders', 'shop');
    expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(selects(sm.spec.selector, objectOf(b.out, 'Service', 'orders', 'shop').metadata.labels)).toBe(true);
    expect(selects(sm.spec.selector, objectOf(b.out, 'Service', 'web', 'web').metadata.labels)).toBe(false);
    expect(sm.spec.endpoints).toEqual([{
      port: 'https',
      path: '/metrics',
      interval: '30s',
      scheme: 'https',
      tlsConfig: { ca: { configMap: { name: 'test-ca', key: 'ca.crt' } }, serverName: 'orders.shop.svc' },
    }]);
    // The CA ConfigMap named is the one trust-manager writes into the service's namespace.
    expect(objectOf(b.out, 'Bundle', 'test-ca').spec.target.configMap.key).toBe('ca.crt');
    expect(objectOf(b.out, 'Certificate', 'orders', 'shop').spec.dnsNames).toContain('orders.shop.svc');
  });

  test('the NetworkPolicy admits the Prometheus pods of namespace monitoring on the service port only', () => {
    const ingress = objectOf(b.out, 'NetworkPolicy', 'orders', 'shop').spec.ingress;
    const fromPrometheus = ingress.filter((r: any) => r.from?.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring'));
    expect(fromPrometheus).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    }]);
  });

  test('a PrometheusRule per service: crash loops, OOM kills, 5xx and 4xx ratios on the service\'s own series; no mesh alert', () => {
    expect(alerts(b.out, 'orders', 'shop').map(r => r.alert)).toEqual(['CrashLooping', 'OOMKilled', 'ServerErrorRatio', 'ClientErrorRatio']);
    expect(alert(b.out, 'orders', 'shop', 'CrashLooping').expr)
      .toBe('increase(kube_pod_container_status_restarts_total{namespace="shop",pod=~"orders-[a-z0-9]+-[a-z0-9]+",container="orders"}[15m]) >= 3');
    expect(alert(b.out, 'orders', 'shop', 'OOMKilled').expr).toContain('kube_pod_container_status_last_terminated_reason{namespace="shop",pod=~"orders-[a-z0-9]+-[a-z0-9]+",container="orders",reason="OOMKilled"} == 1');
    const server = alert(b.out, 'orders', 'shop', 'ServerErrorRatio');
    expect(server.expr).toBe('sum(rate(http_requests_total{namespace="shop",service="orders",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop",service="orders"}[5m])) > 0.05');
    expect(server.for).toBe('5m');
    expect(server.labels).toEqual({ severity: 'critical', namespace: 'shop', service: 'orders' });
    expect(alert(b.out, 'orders', 'shop', 'ClientErrorRatio').expr).toMatch(/code=~"4\.\."\}\[5m\]\)\) \/ .* > 0\.25$/);
    expect(objectOf(b.out, 'PrometheusRule', 'orders', 'shop').metadata.labels.release).toBe('kube-prometheus-stack');
  });

  test('the CloudWatch side stays: alert topic, log alarms; the Deployment names the Prometheus objects', () => {
    expect(resourcesOf(b.out, 'aws_sns_topic')).toHaveLength(1);
    expect(resourcesOf(b.out, 'aws_cloudwatch_log_metric_filter')).toHaveLength(6);
    expect(objectOf(b.out, 'Deployment', 'orders', 'shop').metadata.annotations['monitoring.secure-constructs.io/prometheus']).toBe('ServiceMonitor,PrometheusRule');
  });

  test('X-019 and X-020 pass on the library\'s output', () => {
    expect(SERVICE_PROMETHEUS_RULES.check(b.input)).toEqual([]);
    expect(SERVICE_SCRAPED_OVER_TLS.check(b.input)).toEqual([]);
  });

  test('X-019 flags a service whose PrometheusRule is gone or lacks an alert, naming what is missing', () => {
    const noRule: PolicyInput = { ...b.input, kubernetes: b.input.kubernetes.filter(o => !(o.object.kind === 'PrometheusRule' && o.object.metadata.name === 'web')) };
    expect(SERVICE_PROMETHEUS_RULES.check(noRule).map(f => [f.resource, f.message])).toEqual([
      ['Deployment web/web', 'no PrometheusRule in web alerts on its CrashLooping, OOMKilled, ServerErrorRatio, ClientErrorRatio'],
    ]);
    const edited = JSON.parse(JSON.stringify(b.input)) as PolicyInput;
    const rule = edited.kubernetes.find(o => o.object.kind === 'PrometheusRule' && o.object.metadata.name === 'orders')!;
    rule.object.spec.groups[0].rules = rule.object.spec.groups[0].rules.filter((r: any) => r.alert !== 'OOMKilled');
    expect(SERVICE_PROMETHEUS_RULES.check(edited).map(f => f.message)).toEqual(['no PrometheusRule in shop alerts on its OOMKilled']);
  });

  test('X-020 flags a service without a ServiceMonitor, one over http, without a CA, or skipping verification without a client certificate', () => {
    const noMonitor: PolicyInput = { ...b.input, kubernetes: b.input.kubernetes.filter(o => o.object.kind !== 'ServiceMonitor') };
    // Deleting every ServiceMonitor and the annotations together is still seen: the platform's PrometheusRules remain.
    for (const o of noMonitor.kubernetes) delete o.object.metadata?.annotations?.['monitoring.secure-constructs.io/prometheus'];
    expect(SERVICE_SCRAPED_OVER_TLS.check(noMonitor).map(f => f.message).sort()).toEqual([
      'no ServiceMonitor selects its Service shop/orders', 'no ServiceMonitor selects its Service web/web',
    ]);
    const variants: Array<[(e: any) => void, string]> = [
      [e => { e.scheme = 'http'; }, 'scrapes over http, not https'],
      [e => { delete e.tlsConfig.ca; }, 'names no CA'],
      [e => { e.tlsConfig.insecureSkipVerify = true; }, 'skips certificate verification without authenticating with a client certificate'],
      [e => { delete e.tlsConfig; }, 'has no tlsConfig'],
    ];
    for (const [edit, message] of variants) {
      const edited = JSON.parse(JSON.stringify(b.input)) as PolicyInput;
      edit(edited.kubernetes.find(o => o.object.kind === 'ServiceMonitor' && o.object.metadata.name === 'orders')!.object.spec.endpoints[0]);
      const findings = SERVICE_SCRAPED_OVER_TLS.check(edited);
      expect(findings.map(f => f.resource)).toEqual(['Deployment shop/orders']);
      expect(findings[0].message).toContain(message);
    }
  });
});

describe('Prometheus monitoring options', () => {
  test('namespace, pod labels, selector labels, interval, path and thresholds are written where they apply', () => {
    const { out } = build(Monitoring.prometheus({
      namespace: 'observability',
      podLabels: { app: 'prom' },
      selectorLabels: { prometheus: 'main' },
      scrapeIntervalSeconds: 15,
      metricsPath: '/internal/metrics',
      alerts: { serverErrorRatio: 0.01, clientErrorRatio: 0.5, restarts: 5, restartWindowMinutes: 30, forMinutes: 10 },
      requestMetric: { name: 'http_server_requests_seconds_count', statusLabel: 'status' },
    }));
    const sm = objectOf(out, 'ServiceMonitor', 'web', 'web');
    expect(sm.metadata.labels.prometheus).toBe('main');
    expect(sm.metadata.labels.release).toBeUndefined();
    expect(sm.spec.endpoints[0]).toMatchObject({ path: '/internal/metrics', interval: '15s' });
    expect(objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress.some((r: any) => JSON.stringify(r.from) === JSON.stringify([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { app: 'prom' } } },
    ]))).toBe(true);
    expect(alert(out, 'web', 'web', 'CrashLooping').expr).toMatch(/\[30m\]\) >= 5$/);
    const server = alert(out, 'web', 'web', 'ServerErrorRatio');
    expect(server.expr).toContain('http_server_requests_seconds_count{namespace="web",service="web",status=~"5.."}');
    expect(server.expr).toMatch(/> 0\.01$/);
    expect(server.for).toBe('10m');
    expect(alert(out, 'web', 'web', 'ClientErrorRatio').expr).toMatch(/> 0\.5$/);
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('a service that serves no metrics (opt-out) gets its PrometheusRule but no ServiceMonitor and no scraper edge; X-020 records the opt-out', () => {
    const { out, input } = build(Monitoring.prometheus(), {}, { optOuts: [OptOut.noMetricsEndpoint('vendor image without a metrics endpoint (OPS-12)')] });
    expect(objectsOf(out, 'ServiceMonitor', 'web')).toEqual([]);
    expect(objectsOf(out, 'PrometheusRule', 'web')).toHaveLength(1);
    expect(JSON.stringify(objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress)).not.toContain('prometheus');
    const d = objectOf(out, 'Deployment', 'web', 'web');
    expect(d.metadata.annotations['monitoring.secure-constructs.io/prometheus']).toBe('PrometheusRule');
    expect(d.metadata.annotations['opt-out.secure-constructs.io/metrics-endpoint']).toBe('vendor image without a metrics endpoint (OPS-12)');
    // The rule still finds it; the engine suppresses the finding with the opt-out's reason (synth passed).
    expect(SERVICE_SCRAPED_OVER_TLS.check(input).map(f => f.resource)).toEqual(['Deployment web/web']);
    expect(SERVICE_SCRAPED_OVER_TLS.optOutControl).toBe('metrics-endpoint');
  });

  test('with an issuer of the user\'s, the CA bundle must be named, and is used', () => {
    const tls = ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('corp-ca') });
    expectConfigError(() => build(Monitoring.prometheus(), { tls }), { path: 'test', property: 'monitoring.caBundle', received: undefined });
    const { out } = build(Monitoring.prometheus({ caBundle: 'corp-ca-bundle' }), { tls });
    expect(objectOf(out, 'ServiceMonitor', 'web', 'web').spec.endpoints[0].tlsConfig.ca).toEqual({ configMap: { name: 'corp-ca-bundle', key: 'ca.crt' } });
  });

  test.each([
    [{ namespace: 'Monitoring' }, 'monitoring.namespace', 'Monitoring'],
    [{ podLabels: {} }, 'monitoring.podLabels', {}],
    [{ podLabels: { 'bad key!': 'x' } }, 'monitoring.podLabels', 'bad key!'],
    [{ podLabels: { app: 'bad value!' } }, 'monitoring.podLabels.app', 'bad value!'],
    [{ selectorLabels: [] }, 'monitoring.selectorLabels', []],
    [{ serviceAccount: 'Prom_SA' }, 'monitoring.serviceAccount', 'Prom_SA'],
    [{ scrapeIntervalSeconds: 1 }, 'monitoring.scrapeIntervalSeconds', 1],
    [{ scrapeIntervalSeconds: '30s' }, 'monitoring.scrapeIntervalSeconds', '30s'],
    [{ metricsPath: 'metrics' }, 'monitoring.metricsPath', 'metrics'],
    [{ metricsPath: '/metrics?x=1' }, 'monitoring.metricsPath', '/metrics?x=1'],
    [{ caBundle: 'Corp CA' }, 'monitoring.caBundle', 'Corp CA'],
    [{ alerts: { serverErrorRatio: 0 } }, 'monitoring.alerts.serverErrorRatio', 0],
    [{ alerts: { clientErrorRatio: 1.5 } }, 'monitoring.alerts.clientErrorRatio', 1.5],
    [{ alerts: { restarts: 0 } }, 'monitoring.alerts.restarts', 0],
    [{ alerts: { restartWindowMinutes: 2.5 } }, 'monitoring.alerts.restartWindowMinutes', 2.5],
    [{ alerts: { meshDenials: -1 } }, 'monitoring.alerts.meshDenials', -1],
    [{ alerts: { forMinutes: 99999 } }, 'monitoring.alerts.forMinutes', 99999],
    [{ alerts: 5 }, 'monitoring.alerts', 5],
    [{ requestMetric: ['http_requests_total'] }, 'monitoring.requestMetric', ['http_requests_total']],
    [{ requestMetric: { name: 'http-requests' } }, 'monitoring.requestMetric.name', 'http-requests'],
    [{ requestMetric: { statusLabel: '__code' } }, 'monitoring.requestMetric.statusLabel', '__code'],
  ])('refuses %j', (options, property, received) => {
    expectConfigError(() => newPlatform({ monitoring: Monitoring.prometheus(options as any) }), { path: 'test', property, received });
  });
});

describe('Prometheus monitoring in mesh mode', () => {
  let b: ReturnType<typeof build>;
  beforeAll(() => { b = build(Monitoring.prometheus(), { mesh: ServiceMesh.istio() }); });

  test('sidecar mode: the scrape is Istio mTLS from Prometheus\' workload certificate, and the AuthorizationPolicy admits its identity on GET /metrics only', () => {
    expect(objectOf(b.out, 'ServiceMonitor', 'orders', 'shop').spec.endpoints).toEqual([{
      port: 'http',
      path: '/metrics',
      interval: '30s',
      scheme: 'https',
      tlsConfig: { caFile: '/etc/prom-certs/root-cert.pem', certFile: '/etc/prom-certs/cert-chain.pem', keyFile: '/etc/prom-certs/key.pem', insecureSkipVerify: true },
    }]);
    const rules = objectOf(b.out, 'AuthorizationPolicy', 'orders', 'shop').spec.rules;
    expect(rules).toContainEqual({
      from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus'] } }],
      to: [{ operation: { ports: ['8443'], methods: ['GET'], paths: ['/metrics'] } }],
    });
    expect(validateObjects(b.out.objects)).toEqual([]);
    expect(SERVICE_SCRAPED_OVER_TLS.check(b.input)).toEqual([]);
    expect(SERVICE_PROMETHEUS_RULES.check(b.input)).toEqual([]);
  });

  test('request ratios and denials read the destination proxy\'s istio_requests_total of the service', () => {
    expect(alerts(b.out, 'orders', 'shop').map(r => r.alert)).toEqual(['CrashLooping', 'OOMKilled', 'ServerErrorRatio', 'ClientErrorRatio', 'MeshAuthorizationDenials']);
    expect(alert(b.out, 'orders', 'shop', 'ServerErrorRatio').expr).toContain(
      'istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="orders",response_code=~"5.."}');
    expect(alert(b.out, 'orders', 'shop', 'MeshAuthorizationDenials').expr).toBe(
      'sum(increase(istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="orders",response_code="403"}[5m])) >= 20');
  });

  test('a mesh service that serves no metrics still gets its mesh request alerts', () => {
    const { out } = build(Monitoring.prometheus({ alerts: { meshDenials: 5 } }), { mesh: ServiceMesh.istio() },
      { optOuts: [OptOut.noMetricsEndpoint('vendor image without a metrics endpoint (OPS-12)')] });
    expect(objectsOf(out, 'ServiceMonitor', 'web')).toEqual([]);
    expect(alert(out, 'web', 'web', 'MeshAuthorizationDenials').expr).toMatch(/>= 5$/);
    expect(JSON.stringify(objectOf(out, 'AuthorizationPolicy', 'web', 'web').spec)).not.toContain('kube-prometheus-stack-prometheus');
  });

  test('ambient mode: plain HTTP, carried by the ambient mesh; the caller is admitted on the port (no L7 without a waypoint)', () => {
    const { out, input } = build(Monitoring.prometheus(), { mesh: ServiceMesh.istio({ dataPlane: MeshDataPlane.AMBIENT }) });
    expect(objectOf(out, 'ServiceMonitor', 'orders', 'shop').spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }]);
    expect(objectOf(out, 'AuthorizationPolicy', 'orders', 'shop').spec.rules).toContainEqual({
      from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus'] } }],
      to: [{ operation: { ports: ['8443'] } }],
    });
    expect(SERVICE_SCRAPED_OVER_TLS.check(input)).toEqual([]);
    // Outside the ambient mesh, the same plain-HTTP endpoint is a finding.
    const notAmbient: PolicyInput = { ...input, kubernetes: input.kubernetes.filter(o => o.object.kind !== 'Namespace') };
    expect(SERVICE_SCRAPED_OVER_TLS.check(notAmbient).map(f => f.message)).toContain('ServiceMonitor shop/orders: endpoint http scrapes over http, not https');
  });
});
