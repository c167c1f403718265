import { EksCluster, Platform, SecureApp, SecureMicroservice } from '../../src';

/** Digest of a placeholder image; use your own images' digests. */
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * A shop on one EKS cluster: web calls orders and catalog, orders calls payments.
 * Every other flow is denied.
 */
export function buildShop(outdir: string): SecureApp {
  const app = new SecureApp({ outdir });
  const prod = new Platform(app, 'prod', {
    account: '111122223333',
    region: 'eu-west-1',
    cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }),
    tags: { 'cost-center': 'shop' },
  });

  const web = new SecureMicroservice(prod, 'web', {
    image: `ghcr.io/acme/web@${digest(1)}`,
    port: 8443,
    replicas: 3,
    autoscaling: { maxReplicas: 10 },
  });
  const orders = new SecureMicroservice(prod, 'orders', {
    image: `ghcr.io/acme/orders@${digest(2)}`,
    port: 8443,
    replicas: 3,
  });
  const payments = new SecureMicroservice(prod, 'payments', {
    image: `ghcr.io/acme/payments@${digest(3)}`,
    port: 9443,
    resources: { memoryRequest: '256Mi', memoryLimit: '512Mi' },
  });
  const catalog = new SecureMicroservice(prod, 'catalog', {
    image: `ghcr.io/acme/catalog@${digest(4)}`,
    namespace: 'storefront',
  });

  web.connectTo(orders);
  web.connectTo(catalog);
  orders.connectTo(payments);
  return app;
}
