import { crossRule, describeObject, namespaceOf, objectFinding, selects } from './util';
import { LOG_SHIPPER_COMPONENT } from '../../../logging/fluent-bit-routes';
import { METRICS_ENDPOINT_CONTROL, PROMETHEUS_ALERTS, PROMETHEUS_ANNOTATION } from '../../../monitoring/signals';
import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity } from '../../model';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const MANAGED_BY = 'app.kubernetes.io/managed-by';
const PART_OF = 'app.kubernetes.io/part-of';
const COMPONENT = 'app.kubernetes.io/component';
const AMBIENT_LABEL = 'istio.io/dataplane-mode';

/** Whether an object is the Prometheus Operator's `kind`. */
function isOperatorKind(o: KubernetesObject, kind: string): boolean {
  return o.object?.kind === kind && String(o.object?.apiVersion ?? '').startsWith('monitoring.coreos.com/');
}

/**
 * The services a platform watches with Prometheus: secure-constructs workloads (not the log
 * shipper) that carry the Prometheus annotation, or belong to a platform that wrote any
 * ServiceMonitor or PrometheusRule (so deleting a service's objects and its annotation together
 * is still seen).
 */
function prometheusWorkloads(input: PolicyInput): Array<{ o: KubernetesObject; namespace: string; name: string }> {
  const platforms = new Set(input.kubernetes.filter(o => (isOperatorKind(o, 'ServiceMonitor') || isOperatorKind(o, 'PrometheusRule'))
    && o.object.metadata?.labels?.[MANAGED_BY] === 'secure-constructs').map(o => String(o.object.metadata.labels[PART_OF])));
  return input.kubernetes
    .filter(o => WORKLOAD_KINDS.has(o.object?.kind) && o.object.metadata?.labels?.[MANAGED_BY] === 'secure-constructs'
      && o.object.metadata.labels[COMPONENT] !== LOG_SHIPPER_COMPONENT
      && (o.object.metadata?.annotations?.[PROMETHEUS_ANNOTATION] !== undefined || platforms.has(String(o.object.metadata.labels[PART_OF]))))
    .map(o => ({ o, namespace: namespaceOf(o.object), name: String(o.object.metadata.name) }));
}

/** Objects by their namespace, in input order. */
function byNamespace(objects: KubernetesObject[]): Map<string, KubernetesObject[]> {
  const map = new Map<string, KubernetesObject[]>();
  for (const o of objects) {
    const ns = namespaceOf(o.object);
    const list = map.get(ns);
    if (list) list.push(o); else map.set(ns, [o]);
  }
  return map;
}

/** Under Prometheus monitoring, every service has its alert rules. */
export const SERVICE_PROMETHEUS_RULES: IRule = crossRule({
  id: 'X-019',
  severity: Severity.ERROR,
  title: 'Under Prometheus monitoring, every service has its alert rules',
  description: 'A service that Prometheus watches without alert rules crashes, runs out of memory or fails its callers unnoticed. Every workload managed by secure-constructs (except the log shipper) of a platform monitored with `Monitoring.prometheus()` (its Deployment carries `monitoring.secure-constructs.io/prometheus`, or the platform wrote a ServiceMonitor or PrometheusRule) must have, in its namespace, a `PrometheusRule` with the alerts `CrashLooping`, `OOMKilled`, `ServerErrorRatio` and `ClientErrorRatio` whose expressions name the service.',
  fix: 'Keep `Monitoring.prometheus()` on the Platform, which writes a PrometheusRule per service; do not delete or edit it out of the manifests.',
}, input => {
  const rules = byNamespace(input.kubernetes.filter(o => isOperatorKind(o, 'PrometheusRule')));
  return prometheusWorkloads(input).flatMap(({ o, namespace, name }): RuleFinding[] => {
    const quoted = JSON.stringify(name);
    const alerts = (rules.get(namespace) ?? [])
      .flatMap(r => (r.object.spec?.groups ?? []).flatMap((g: any) => Array.isArray(g?.rules) ? g.rules : []))
      .filter((r: any) => typeof r?.alert === 'string' && typeof r?.expr === 'string' && r.expr.includes(quoted))
      .map((r: any) => r.alert as string);
    const missing = PROMETHEUS_ALERTS.filter(a => !alerts.includes(a));
    return missing.length === 0 ? [] : [objectFinding(o, `no PrometheusRule in ${namespace} alerts on its ${missing.join(', ')}`)];
  });
});

/** Whether a ServiceMonitor endpoint scrapes over TLS (or through the ambient mesh, which carries it over mTLS). */
function endpointProblem(endpoint: any, ambient: boolean): string | undefined {
  const tls = endpoint?.tlsConfig;
  if (endpoint?.scheme !== 'https') {
    return ambient ? undefined : `endpoint ${endpoint?.port ?? endpoint?.targetPort ?? '?'} scrapes over ${endpoint?.scheme ?? 'http'}, not https`;
  }
  if (!tls || typeof tls !== 'object') return `endpoint ${endpoint.port ?? '?'} has no tlsConfig: the server certificate is checked against the system roots, not the platform CA`;
  const clientCert = typeof tls.certFile === 'string' && typeof tls.keyFile === 'string';
  if (tls.insecureSkipVerify === true && !clientCert) {
    return `endpoint ${endpoint.port ?? '?'} skips certificate verification without authenticating with a client certificate`;
  }
  if (tls.insecureSkipVerify !== true && !tls.ca && !tls.caFile) return `endpoint ${endpoint.port ?? '?'} names no CA (tlsConfig.ca or caFile)`;
  return undefined;
}

/** Under Prometheus monitoring, every service is scraped over TLS. */
export const SERVICE_SCRAPED_OVER_TLS: IRule = {
  ...crossRule({
    id: 'X-020',
    severity: Severity.ERROR,
    title: 'Under Prometheus monitoring, every service is scraped, over TLS',
    description: 'Metrics name paths, callers and error rates; read in clear text they tell an attacker on the network what to try, and unscraped they tell no one anything. Every workload managed by secure-constructs (except the log shipper) of a platform monitored with `Monitoring.prometheus()` must be selected by a `ServiceMonitor` in its namespace whose endpoints all use `scheme: https` with a `tlsConfig` naming a CA (`ca` or `caFile`); `insecureSkipVerify` only together with a client certificate (`certFile`/`keyFile`: the Istio-certificate scrape in sidecar mode, where the proxy authenticates Prometheus). Plain HTTP is accepted only in a namespace enrolled in the ambient mesh, which carries the scrape over mTLS.',
    fix: 'Keep `Monitoring.prometheus()` on the Platform, which writes the ServiceMonitor; for a service that serves no metrics, opt out with `optOuts: [OptOut.noMetricsEndpoint(\'<reason>\')]`.',
  }, input => {
    const monitors = input.kubernetes.filter(o => isOperatorKind(o, 'ServiceMonitor'));
    // The monitors that may select a namespace's services: those of the namespace itself and those
    // that name namespaces (`namespaceSelector`), which are checked against each.
    const namesNamespaces = (m: KubernetesObject) => {
      const selector = m.object.spec?.namespaceSelector;
      return selector?.any === true || Array.isArray(selector?.matchNames);
    };
    const ownMonitors = byNamespace(monitors.filter(m => !namesNamespaces(m)));
    const crossMonitors = monitors.filter(namesNamespaces);
    const order = new Map(monitors.map((m, i) => [m, i]));
    const services = new Map<string, KubernetesObject>();
    for (const s of input.kubernetes) {
      if (s.object?.kind !== 'Service') continue;
      const k = `${namespaceOf(s.object)}/${s.object.metadata?.name}`;
      if (!services.has(k)) services.set(k, s);
    }
    const ambient = new Set(input.kubernetes.filter(o => o.object?.kind === 'Namespace' && o.object.metadata?.labels?.[AMBIENT_LABEL] === 'ambient')
      .map(o => String(o.object.metadata.name)));
    return prometheusWorkloads(input).flatMap(({ o, namespace, name }): RuleFinding[] => {
      const service = services.get(`${namespace}/${name}`);
      const labels = service?.object.metadata?.labels ?? o.object.spec?.template?.metadata?.labels ?? {};
      const candidates = [...(ownMonitors.get(namespace) ?? []), ...crossMonitors].sort((a, b) => order.get(a)! - order.get(b)!);
      const selecting = candidates.filter(m => {
        const ns = m.object.spec?.namespaceSelector;
        const inNamespace = ns?.any === true
          || (Array.isArray(ns?.matchNames) ? ns.matchNames.includes(namespace) : namespaceOf(m.object) === namespace);
        return inNamespace && m.object.spec?.selector && selects(m.object.spec.selector, labels);
      });
      if (selecting.length === 0) return [objectFinding(o, `no ServiceMonitor selects its Service ${namespace}/${name}`)];
      const endpointsOf = (m: KubernetesObject): any[] =>
        (Array.isArray(m.object.spec?.endpoints) && m.object.spec.endpoints.length > 0 ? m.object.spec.endpoints : [{}]);
      const problems = selecting.flatMap(m => endpointsOf(m)
        .map((e: any) => endpointProblem(e, ambient.has(namespace))).filter((p: string | undefined): p is string => p !== undefined)
        .map((p: string) => `${describeObject(m.object)}: ${p}`));
      return problems.length === 0 ? [] : [objectFinding(o, problems.join('; '))];
    });
  }),
  optOutControl: METRICS_ENDPOINT_CONTROL,
};
