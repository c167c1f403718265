import { Duration } from 'cdk8s';
import {
  AttributeType, EdgeAuthentication, EdgeWebAcl, EksCluster, Framework, LoadBalancerScheme, ManagedSecret, Platform, RotationSchedule,
  SecureApp, SecureBucket, SecureMicroservice, SecureQueue, SecureTable,
} from '../../src';

/** Digest of a placeholder image; use your own images' digests. */
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * A shop on one EKS cluster: web calls orders and catalog, orders calls payments.
 * Every other flow is denied.
 */
export function buildShop(outdir: string): SecureApp {
  // The policy report carries evidence for the controls of PCI DSS v4.0 and the HIPAA Security Rule.
  const app = new SecureApp({ outdir, policy: { frameworks: [Framework.PCI_DSS_4, Framework.HIPAA] } });
  const prod = new Platform(app, 'prod', {
    account: '111122223333',
    region: 'eu-west-1',
    // The OIDC issuer lets External Secrets Operator read the login's client secret with a role of
    // its own (IRSA); the services keep EKS Pod Identity (the default).
    cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks', oidcIssuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }),
    tags: { 'cost-center': 'shop' },
    // The subnets of the VPC's interface endpoints (CloudWatch Logs, S3, SQS, DynamoDB, Secrets Manager, STS).
    awsEndpointCidrs: ['10.0.64.0/24', '10.0.65.0/24'],
    // The public subnets the internet-facing load balancer runs in.
    loadBalancerSourceCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
    // Logging (the default): every service's logs go to its own encrypted log group
    // (/secure-constructs/prod/<ns>/<name>), shipped by a Fluent Bit DaemonSet.
    // TLS: each service gets a cert-manager certificate from the platform's private CA (the default).
    // Internet-facing hosts get the platform's web ACL: AWS managed rules, a body size limit and this
    // rate limit per client IP.
    webAcl: EdgeWebAcl.managed({ rateLimit: 500, rateLimitWindow: Duration.minutes(5) }),
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

  // Secrets reach the pods as read-only files; their values are set, and changed every 30 days,
  // by rotation functions that know how to change the credential at its source.
  const rotation = (fn: string) => ({ rotationLambdaArn: `arn:aws:lambda:eu-west-1:111122223333:function:${fn}`, schedule: RotationSchedule.afterDays(30) });
  new ManagedSecret(prod, 'orders-db', { rotation: rotation('orders-db-rotation') }).grantRead(orders);
  new ManagedSecret(prod, 'payments-api-key', { rotation: rotation('payments-api-key-rotation') }).grantRead(payments);
  // Data stores, encrypted with the platform key; each service gets exactly what it uses.
  new SecureBucket(prod, 'receipts').grantWrite(orders, { keyPrefix: 'receipts/' });
  new SecureTable(prod, 'products', { partitionKey: { name: 'sku', type: AttributeType.STRING } }).grantReadData(catalog);
  const paymentRequests = new SecureQueue(prod, 'payment-requests');
  paymentRequests.grantSend(orders);
  paymentRequests.grantConsume(payments);

  web.connectTo(orders);
  web.connectTo(catalog);
  orders.connectTo(payments);

  // The public entry points: HTTPS on 443 with a TLS 1.3 policy, certificates from ACM, behind the
  // platform's web ACL. Shoppers sign in at the load balancer (OIDC; the client secret stays in
  // Secrets Manager and reaches the controller through External Secrets Operator).
  const login = 'https://login.example.com';
  web.expose({
    host: 'shop.example.com',
    scheme: LoadBalancerScheme.INTERNET_FACING,
    hostedZoneId: 'Z0123456789EXAMPLE01',
    authentication: EdgeAuthentication.oidc({
      issuer: login,
      authorizationEndpoint: `${login}/authorize`,
      tokenEndpoint: `${login}/oauth/token`,
      userInfoEndpoint: `${login}/userinfo`,
      clientId: 'shop-storefront',
      clientSecret: new ManagedSecret(prod, 'storefront-oidc', { rotation: rotation('storefront-oidc-rotation') }),
      scope: ['openid', 'email'],
    }),
  });
  // The orders API takes bearer tokens: the load balancer checks signature, issuer and audience.
  orders.expose({
    host: 'api.shop.example.com',
    scheme: LoadBalancerScheme.INTERNET_FACING,
    hostedZoneId: 'Z0123456789EXAMPLE01',
    authentication: EdgeAuthentication.jwt({ issuer: login, jwksUri: `${login}/.well-known/jwks.json`, audiences: ['shop-api'] }),
  });
  return app;
}
