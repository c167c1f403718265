import { IssuerRef, SecureApp, SecureMicroservice, ServiceTls } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, synth, Synthesized } from '../support/synth';

const MOUNT = '/var/run/secrets/secure-constructs/tls';

function build(props: Parameters<typeof newPlatform>[0] = {}) {
  const platform = newPlatform(props);
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  const orders = new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop', port: 9443 });
  web.connectTo(orders);
  const out = synth(platform.node.scope as SecureApp);
  return { platform, web, orders, out };
}

describe('cert-manager TLS (default)', () => {
  let out: Synthesized;
  beforeAll(() => {
    out = build().out;
  });

  test('every service gets a Certificate for exactly its four in-cluster names', () => {
    expect(objectsOf(out, 'Certificate').filter(c => !c.spec.isCA).map(c => [c.metadata.namespace, c.metadata.name, c.spec.dnsNames])).toEqual([
      ['web', 'web', ['web', 'web.web', 'web.web.svc', 'web.web.svc.cluster.local']],
      ['shop', 'orders', ['orders', 'orders.shop', 'orders.shop.svc', 'orders.shop.svc.cluster.local']],
    ]);
  });

  test('server and client auth, ECDSA P-256 rotated on every renewal, 90 days renewed 30 days before, secret <name>-tls', () => {
    const cert = objectOf(out, 'Certificate', 'orders', 'shop');
    expect(cert.spec).toMatchObject({
      secretName: 'orders-tls',
      duration: '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
      usages: ['server auth', 'client auth', 'digital signature'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'test-ca' },
    });
    expect(cert.spec.ipAddresses).toBeUndefined();
    expect(cert.spec.commonName).toBeUndefined();
    expect(cert.spec.isCA).toBeUndefined();
  });

  test('the private CA chain: self-signed issuer, ECDSA CA certificate in cert-manager, CA issuer', () => {
    expect(objectOf(out, 'ClusterIssuer', 'test-selfsigned').spec).toEqual({ selfSigned: {} });
    const ca = objectOf(out, 'Certificate', 'test-ca', 'cert-manager');
    expect(ca.spec).toMatchObject({
      isCA: true,
      secretName: 'test-ca',
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'test-selfsigned' },
    });
    expect(objectOf(out, 'ClusterIssuer', 'test-ca').spec).toEqual({ ca: { secretName: 'test-ca' } });
    // Written once, not per service.
    expect(objectsOf(out, 'ClusterIssuer')).toHaveLength(2);
  });

  test('the secret is mounted read-only and its paths are in the environment', () => {
    const pod = objectOf(out, 'Deployment', 'orders', 'shop').spec.template.spec;
    const [container] = pod.containers;
    const mount = container.volumeMounts.find((m: any) => m.mountPath === MOUNT);
    expect(mount).toEqual({ name: 'tls-certificate', mountPath: MOUNT, readOnly: true });
    expect(pod.volumes.find((v: any) => v.name === 'tls-certificate')).toEqual({ name: 'tls-certificate', secret: { secretName: 'orders-tls', defaultMode: 0o440 } });
    expect(container.env).toEqual(expect.arrayContaining([
      { name: 'TLS_CERT_FILE', value: `${MOUNT}/tls.crt` },
      { name: 'TLS_KEY_FILE', value: `${MOUNT}/tls.key` },
      { name: 'TLS_CA_FILE', value: `${MOUNT}/ca.crt` },
    ]));
  });

  test('environment variables stay sorted by name', () => {
    const platform = newPlatform();
    new SecureMicroservice(platform, 'web', { image: image(), env: { A_VAR: 'a', ZED: 'z' } });
    const env = objectOf(synth(platform.node.scope as SecureApp), 'Deployment', 'web', 'web').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.name)).toEqual(['A_VAR', 'TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'ZED']);
  });

  test('callers verify peers with the CA bundle of their own secret: every service is issued by the same CA', () => {
    const issuers = objectsOf(out, 'Certificate').filter(c => !c.spec.isCA).map(c => c.spec.issuerRef);
    expect(new Set(issuers.map(i => JSON.stringify(i))).size).toBe(1);
  });

  test('no service exposes a plain-HTTP port: every Service and container port is named https', () => {
    for (const svc of objectsOf(out, 'Service')) {
      for (const p of svc.spec.ports) expect([p.name, p.appProtocol]).toEqual(['https', 'https']);
    }
    for (const d of objectsOf(out, 'Deployment')) {
      for (const p of d.spec.template.spec.containers[0].ports) expect(p.name).toBe('https');
    }
  });

  test('the cert-manager objects validate strictly against their CRDs', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('no Secret is written: cert-manager creates it in the cluster', () => {
    expect(objectsOf(out, 'Secret')).toEqual([]);
  });
});

describe('a given issuer', () => {
  test('a ClusterIssuer reference replaces the private CA', () => {
    const { out } = build({ tls: ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('corp-ca') }) });
    expect(objectsOf(out, 'ClusterIssuer')).toEqual([]);
    expect(objectOf(out, 'Certificate', 'web', 'web').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'corp-ca' });
  });

  test('an external issuer by group, kind and name (AWS Private CA)', () => {
    const { out } = build({ tls: ServiceTls.certManager({ issuer: IssuerRef.of({ group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'prod-pca' }) }) });
    expect(objectOf(out, 'Certificate', 'orders', 'shop').spec.issuerRef).toEqual({ group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'prod-pca' });
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('the CA namespace and cluster domain are configurable', () => {
    const { out } = build({ tls: ServiceTls.certManager({ caNamespace: 'pki', clusterDomain: 'prod.internal' }) });
    expect(objectOf(out, 'Certificate', 'test-ca', 'pki').spec.isCA).toBe(true);
    expect(objectOf(out, 'Certificate', 'web', 'web').spec.dnsNames).toEqual(['web', 'web.web', 'web.web.svc', 'web.web.svc.prod.internal']);
  });
});

describe('bad input', () => {
  test('an issuer reference without a kind', () => {
    expectConfigError(() => newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.of({ name: 'corp-ca' } as any) }) }),
      { path: 'test', property: 'tls.issuer.kind', received: undefined });
  });

  test('an issuer reference with an empty kind or a bad name', () => {
    expectConfigError(() => newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.of({ kind: '', name: 'corp-ca' }) }) }),
      { path: 'test', property: 'tls.issuer.kind', received: '' });
    expectConfigError(() => newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('Corp_CA') }) }),
      { path: 'test', property: 'tls.issuer.name', received: 'Corp_CA' });
  });

  test('a bad CA namespace', () => {
    expectConfigError(() => newPlatform({ tls: ServiceTls.certManager({ caNamespace: 'Cert Manager' }) }),
      { path: 'test', property: 'tls.caNamespace', received: 'Cert Manager' });
  });

  test('a user variable that collides with the certificate paths', () => {
    expectConfigError(() => new SecureMicroservice(newPlatform(), 'web', { image: image(), env: { TLS_CERT_FILE: '/elsewhere' } }),
      { path: 'test/web', property: 'env.TLS_CERT_FILE', received: 'TLS_CERT_FILE' });
  });

  test('ServiceTls.mesh() without a mesh would leave traffic in clear text', () => {
    expectConfigError(() => newPlatform({ tls: ServiceTls.mesh() }), { path: 'test', property: 'tls', received: 'mesh' });
  });
});
