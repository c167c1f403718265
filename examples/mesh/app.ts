import {
  EdgeAuthentication, EksCluster, ExposureController, GatewayBodyLimit, GatewayRateLimit, IssuerRef, MeshDataPlane, Monitoring, Platform,
  PlatformLogging, SecureApp, SecureMicroservice, ServiceMesh,
} from '../../src';

/** Digest of a placeholder image; use your own images' digests. */
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * The shop's internal services in mesh mode: Istio (sidecars) encrypts every hop with mTLS STRICT
 * and authorizes callers by SPIFFE identity, from the same `connectTo` edges that write the
 * NetworkPolicies. Services speak plain HTTP to their sidecar; no cert-manager certificates.
 * The catalogue is exposed through Istio's Gateway API gateway (a mesh workload), with a public
 * certificate for its host.
 */
export function buildMeshShop(outdir: string, dataPlane: MeshDataPlane = MeshDataPlane.SIDECAR): SecureApp {
  const app = new SecureApp({ outdir });
  const mesh = new Platform(app, 'mesh', {
    account: '111122223333',
    region: 'eu-west-1',
    cluster: EksCluster.fromAttributes({ clusterName: 'mesh-eks' }),
    awsEndpointCidrs: ['10.0.64.0/24', '10.0.65.0/24'],
    mesh: ServiceMesh.istio({ dataPlane }),
    logging: PlatformLogging.cloudWatch({ retentionDays: 30 }),
    // The cluster runs the Prometheus Operator (kube-prometheus-stack in `monitoring`): a
    // ServiceMonitor (scraped over Istio mTLS) and a PrometheusRule per service, besides the
    // CloudWatch alarms.
    monitoring: Monitoring.prometheus(),
    // Istio's Gateway API implementation has no typed per-route rate limit or request body limit
    // (either would need EnvoyFilter patches): the cluster operator limits rates and request sizes
    // in front of the Gateway, which this app does not write.
    exposure: ExposureController.gatewayApi({
      gatewayClassName: 'istio',
      issuer: IssuerRef.clusterIssuer('letsencrypt'),
      rateLimit: GatewayRateLimit.none('Istio has no typed per-route rate limit; the cluster operator limits rates at the load balancer in front of the Gateway'),
      requestBodyLimit: GatewayBodyLimit.none('Istio has no typed request body limit; the cluster operator limits request sizes in front of the Gateway'),
    }),
  });

  const orders = new SecureMicroservice(mesh, 'orders', { image: `ghcr.io/acme/orders@${digest(2)}`, port: 8080 });
  const payments = new SecureMicroservice(mesh, 'payments', { image: `ghcr.io/acme/payments@${digest(3)}`, port: 8080 });
  const catalog = new SecureMicroservice(mesh, 'catalog', { image: `ghcr.io/acme/catalog@${digest(4)}`, port: 8080, namespace: 'storefront' });
  const reports = new SecureMicroservice(mesh, 'reports', { image: `ghcr.io/acme/reports@${digest(5)}`, port: 8080, namespace: 'storefront' });

  // Each edge admits only what the caller needs (mesh L7 authorization; NetworkPolicy stays L4).
  orders.connectTo(payments, { methods: ['POST'], paths: ['/payments'] });
  orders.connectTo(catalog, { methods: ['GET'], paths: ['/products', '/products/*'] });
  reports.connectTo(orders, { methods: ['GET'], paths: ['/orders', '/orders/*'] });
  // Orders answers only requests that carry a shop token of a clerk or an admin (RBAC on a claim).
  orders.requireJwt({
    issuer: 'https://login.example.com',
    jwksUri: 'https://login.example.com/.well-known/jwks.json',
    audiences: ['shop-api'],
    claims: { role: ['admin', 'clerk'] },
  });
  // The product catalogue is public: anyone may browse it. The reason is written on the route
  // and listed in the policy report. (An API would pass EdgeAuthentication.jwt({ issuer, jwksUri,
  // audiences }), which the mesh enforces on the service.)
  catalog.expose({ host: 'shop.example.com', authentication: EdgeAuthentication.anonymous('public product catalogue, no personal data') });
  return app;
}
