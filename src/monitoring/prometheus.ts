import { PrometheusSettings } from './monitoring';
import { MESH_DENIALS_ALERT, PROMETHEUS_ANNOTATION, PROMETHEUS_OPERATOR_API_VERSION } from './signals';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { MeshDataPlane } from '../mesh/service-mesh';
import { TRUST_BUNDLE_KEY, ensureTrustBundle } from '../tls/trust-bundle';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * Where the Prometheus pods find their Istio workload certificate in sidecar mode: Istio's
 * documented integration has the Prometheus sidecar write it there (`OUTPUT_CERTS`) and mounts it
 * into the Prometheus container.
 */
export const ISTIO_PROMETHEUS_CERT_DIR = '/etc/prom-certs';

/** How the ServiceMonitor reaches the service's metrics path. */
export enum ScrapeTransport {
  /** HTTPS to the pod, verifying its cert-manager certificate with the platform's CA bundle. */
  SERVICE_TLS = 'service-tls',
  /** Istio mTLS from the Prometheus pods' own workload certificate (sidecar mode). */
  ISTIO_CERTIFICATE = 'istio-certificate',
  /** Plain HTTP from Prometheus, which the ambient mesh carries over mTLS (HBONE). */
  AMBIENT_MESH = 'ambient-mesh',
}

/** Which transport a platform's scrapes take. */
export function scrapeTransport(workload: ServiceWorkload): ScrapeTransport {
  const mesh = workload.platform.mesh;
  if (!mesh) return ScrapeTransport.SERVICE_TLS;
  return mesh.dataPlane === MeshDataPlane.AMBIENT ? ScrapeTransport.AMBIENT_MESH : ScrapeTransport.ISTIO_CERTIFICATE;
}

function endpointTls(workload: ServiceWorkload, p: PrometheusSettings): { scheme: string; tlsConfig?: unknown } {
  switch (scrapeTransport(workload)) {
    case ScrapeTransport.SERVICE_TLS: {
      const platform = workload.platform;
      if (p.caBundle === undefined && platform.tls.issuer !== undefined) {
        fail(platform, 'monitoring.caBundle', p.caBundle, "the services' certificates are signed by an issuer of yours, so the platform's trust bundle (of the library's private CA) cannot verify them",
          "name the ConfigMap holding your CA's ca.crt in every service namespace: Monitoring.prometheus({ caBundle: 'corp-ca' })");
      }
      const bundle = p.caBundle ?? ensureTrustBundle(platform);
      return {
        scheme: 'https',
        tlsConfig: { ca: { configMap: { name: bundle, key: TRUST_BUNDLE_KEY } }, serverName: workload.dnsName },
      };
    }
    case ScrapeTransport.ISTIO_CERTIFICATE:
      // Istio workload certificates carry only a SPIFFE URI, which Prometheus cannot check, so
      // Istio's integration skips the name check: the server's proxy still requires this client
      // certificate (mTLS STRICT) and its AuthorizationPolicy admits only Prometheus' identity.
      return {
        scheme: 'https',
        tlsConfig: {
          caFile: `${ISTIO_PROMETHEUS_CERT_DIR}/root-cert.pem`,
          certFile: `${ISTIO_PROMETHEUS_CERT_DIR}/cert-chain.pem`,
          keyFile: `${ISTIO_PROMETHEUS_CERT_DIR}/key.pem`,
          insecureSkipVerify: true,
        },
      };
    default:
      return { scheme: 'http' };
  }
}

/** A PromQL label matcher list, values escaped. */
function matchers(labels: Array<[string, string, string?]>): string {
  return `{${labels.map(([k, v, op]) => `${k}${op ?? '='}${JSON.stringify(v)}`).join(',')}}`;
}

/** The alert rules of one service. */
export function serviceAlertRules(workload: ServiceWorkload, p: PrometheusSettings): unknown[] {
  const ns = workload.namespace;
  const name = workload.name;
  // The Deployment's pods are `<name>-<replicaset hash>-<suffix>`; the container has the service's name.
  const pod: Array<[string, string, string?]> = [['namespace', ns], ['pod', `${name}-[a-z0-9]+-[a-z0-9]+`, '=~'], ['container', name]];
  const window = `${p.restartWindowMinutes}m`;
  const labels = (severity: string) => ({ severity, namespace: ns, service: name });
  const forDuration = `${p.forMinutes}m`;
  const mesh = workload.platform.mesh !== undefined;
  const requests = (status?: string): string => {
    const sel: Array<[string, string, string?]> = mesh
      ? [['reporter', 'destination'], ['destination_workload_namespace', ns], ['destination_workload', name]]
      : [['namespace', ns], ['service', name]];
    const metric = mesh ? 'istio_requests_total' : p.requestMetricName;
    const statusLabel = mesh ? 'response_code' : p.requestStatusLabel;
    return `sum(rate(${metric}${matchers(status ? [...sel, [statusLabel, status, '=~']] : sel)}[5m]))`;
  };
  const rules: unknown[] = [
    {
      alert: 'CrashLooping',
      expr: `increase(kube_pod_container_status_restarts_total${matchers(pod)}[${window}]) >= ${p.restarts}`,
      labels: labels('warning'),
      annotations: {
        summary: `${ns}/${name} is restarting`,
        description: `A container of ${ns}/${name} restarted ${p.restarts} or more times in ${p.restartWindowMinutes} minutes (${workload.path}).`,
      },
    },
    {
      alert: 'OOMKilled',
      expr: `(kube_pod_container_status_last_terminated_reason${matchers([...pod, ['reason', 'OOMKilled']])} == 1)`
        + ` and on (namespace, pod, container) (increase(kube_pod_container_status_restarts_total${matchers(pod)}[${window}]) > 0)`,
      labels: labels('warning'),
      annotations: {
        summary: `${ns}/${name} ran out of memory`,
        description: `A container of ${ns}/${name} was OOM-killed in the last ${p.restartWindowMinutes} minutes: raise its memory limit or find the leak (${workload.path}).`,
      },
    },
    {
      alert: 'ServerErrorRatio',
      expr: `${requests('5..')} / ${requests()} > ${p.serverErrorRatio}`,
      for: forDuration,
      labels: labels('critical'),
      annotations: {
        summary: `${ns}/${name} answers with server errors`,
        description: `More than ${p.serverErrorRatio * 100}% of the requests to ${ns}/${name} got a 5xx status for ${p.forMinutes} minutes (${workload.path}).`,
      },
    },
    {
      alert: 'ClientErrorRatio',
      expr: `${requests('4..')} / ${requests()} > ${p.clientErrorRatio}`,
      for: forDuration,
      labels: labels('warning'),
      annotations: {
        summary: `${ns}/${name} refuses many requests`,
        description: `More than ${p.clientErrorRatio * 100}% of the requests to ${ns}/${name} got a 4xx status for ${p.forMinutes} minutes: probing, credential stuffing or a broken client (${workload.path}).`,
      },
    },
  ];
  if (mesh) {
    rules.push({
      alert: MESH_DENIALS_ALERT,
      expr: `sum(increase(istio_requests_total${matchers([['reporter', 'destination'], ['destination_workload_namespace', ns], ['destination_workload', name],
        ['response_code', '403']])}[5m])) >= ${p.meshDenials}`,
      labels: labels('warning'),
      annotations: {
        summary: `the mesh denies calls to ${ns}/${name}`,
        description: `${p.meshDenials} or more requests to ${ns}/${name} were denied (403) in 5 minutes: a caller without an edge, or one trying paths it may not (${workload.path}).`,
      },
    });
  }
  return rules;
}

/**
 * Watches a service with Prometheus: a `ServiceMonitor` (unless the service serves no metrics), a
 * `PrometheusRule`, the NetworkPolicy edge from the Prometheus pods and, in mesh mode, the
 * Prometheus identity as a caller of GET on the metrics path.
 */
export function attachPrometheus(workload: ServiceWorkload, p: PrometheusSettings, servesMetrics: boolean): void {
  const scope = workload.kubernetesScope;
  const metadata = () => {
    const m = workload.metadata(workload.name);
    return { ...m, labels: { ...m.labels, ...p.selectorLabels } };
  };
  if (servesMetrics) {
    plainObject(scope, 'ServiceMonitor', {
      apiVersion: PROMETHEUS_OPERATOR_API_VERSION,
      kind: 'ServiceMonitor',
      metadata: metadata(),
      spec: {
        selector: { matchLabels: { ...workload.selectorLabels } },
        namespaceSelector: { matchNames: [workload.namespace] },
        endpoints: [{
          port: workload.portName,
          path: p.metricsPath,
          interval: `${p.scrapeIntervalSeconds}s`,
          ...endpointTls(workload, p),
        }],
      },
    });
    workload.connections.allowFrom({ namespace: p.namespace, podLabels: { ...p.podLabels } }, workload.port);
    if (workload.platform.mesh) {
      const sidecar = workload.platform.mesh.dataPlane !== MeshDataPlane.AMBIENT;
      // Ambient mode without a waypoint enforces L4 only, so the caller is admitted on the port.
      workload.connections.addCaller({
        namespace: p.namespace,
        serviceAccount: p.serviceAccount,
        port: workload.port,
        ...(sidecar ? { methods: ['GET'], paths: [p.metricsPath] } : {}),
      });
    }
  }
  plainObject(scope, 'PrometheusRule', {
    apiVersion: PROMETHEUS_OPERATOR_API_VERSION,
    kind: 'PrometheusRule',
    metadata: metadata(),
    spec: { groups: [{ name: `${workload.namespace}.${workload.name}`, rules: serviceAlertRules(workload, p) }] },
  });
  workload.annotateWorkload(PROMETHEUS_ANNOTATION, servesMetrics ? 'ServiceMonitor,PrometheusRule' : 'PrometheusRule');
}
