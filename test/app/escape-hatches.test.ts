import { ApiObject, JsonPatch } from 'cdk8s';
import {
  EdgeAuthentication, ExposureController, LoadBalancerScheme, ManagedSecret, SecretDelivery, SecureApp, SecureMicroservice, ServiceMesh,
  WorkloadIdentity,
} from '../../src';
import { image, newPlatform, objectOf, synth } from '../support/synth';

/**
 * Whatever a JSON patch adds to an object the library writes reaches the output exactly as given,
 * for every kind the library writes: the objects are plain JSON when patches apply, so no
 * generated converter drops or rewrites a value it does not model.
 */
const EXTRA = { port: 443, targetPort: 'https', nested: [{ port: 8443 }, 'x', 0, false], empty: {} };

function apps(): SecureApp[] {
  const alb = newPlatform({ loadBalancerSourceCidrs: ['10.0.0.0/24'] });
  const web = new SecureMicroservice(alb, 'web', { image: image('web'), autoscaling: { maxReplicas: 4 } });
  const api = new SecureMicroservice(alb, 'api', { image: image('api', 1) });
  web.connectTo(api);
  web.expose({ host: 'shop.example.com', scheme: LoadBalancerScheme.INTERNET_FACING, authentication: EdgeAuthentication.anonymous('public pages of the test shop') });
  new ManagedSecret(alb, 'db').grantRead(api);

  const gateway = newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', createNamespace: true, identityProviderCidrs: ['203.0.113.0/24'] }) }, 'gw');
  new SecureMicroservice(gateway, 'site', { image: image('site') }).expose({
    host: 'site.example.com',
    authentication: EdgeAuthentication.jwt({ issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks.json', audiences: ['site'] }),
  });

  const mesh = newPlatform({ mesh: ServiceMesh.istio(), workloadIdentity: WorkloadIdentity.irsa() }, 'mesh');
  const orders = new SecureMicroservice(mesh, 'orders', { image: image('orders') });
  new ManagedSecret(mesh, 'token').grantRead(orders, { delivery: SecretDelivery.externalSecrets() });
  return [alb, gateway, mesh].map(p => p.node.root as SecureApp);
}

describe('escape hatches', () => {
  test('a patch on any object the library writes reaches the output exactly as given, for every kind', () => {
    const kinds = new Set<string>();
    for (const app of apps()) {
      const objects = app.kubernetesApp.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
      objects.forEach(o => o.addJsonPatch(JsonPatch.add('/x-escape-hatch', EXTRA)));
      const out = synth(app);
      expect(out.objects).toHaveLength(objects.length);
      for (const written of out.objects) {
        expect({ kind: written.kind, extra: written['x-escape-hatch'] }).toEqual({ kind: written.kind, extra: EXTRA });
        kinds.add(written.kind);
      }
    }
    expect([...kinds].sort()).toEqual([
      'AuthorizationPolicy', 'BackendTLSPolicy', 'BackendTrafficPolicy', 'Bundle', 'Certificate', 'ClusterIssuer', 'ConfigMap', 'DaemonSet', 'Deployment', 'ExternalSecret', 'Gateway',
      'HTTPRoute', 'HorizontalPodAutoscaler', 'Ingress', 'Namespace', 'NetworkPolicy', 'PeerAuthentication', 'PodDisruptionBudget', 'PriorityClass',
      'SecretProviderClass', 'SecretStore', 'SecurityPolicy', 'Service', 'ServiceAccount',
    ]);
  });

  test('an egress rule added to a NetworkPolicy keeps its port', () => {
    const platform = newPlatform();
    const web = new SecureMicroservice(platform, 'web', { image: image('web') });
    const rule = { to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] };
    web.networkPolicy.addJsonPatch(JsonPatch.add('/spec/egress/-', rule));
    web.networkPolicy.addJsonPatch(JsonPatch.add('/spec/ingress/-', { ports: [{ port: 'https', protocol: 'TCP' }], from: [{ podSelector: {} }] }));
    const policy = objectOf(synth(platform.node.root as SecureApp), 'NetworkPolicy', 'web');
    expect(policy.spec.egress[policy.spec.egress.length - 1]).toEqual(rule);
    expect(policy.spec.ingress[policy.spec.ingress.length - 1].ports).toEqual([{ port: 'https', protocol: 'TCP' }]);
  });

  test('a Service targetPort replaced by a number stays that number', () => {
    const platform = newPlatform();
    const web = new SecureMicroservice(platform, 'web', { image: image('web') });
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 8443));
    expect(objectOf(synth(platform.node.root as SecureApp), 'Service', 'web').spec.ports[0].targetPort).toBe(8443);
  });
});

test('an allow-all rule added through an escape hatch fails synth with an error-level finding', () => {
  const platform = newPlatform();
  const web = new SecureMicroservice(platform, 'web', { image: image('web') });
  web.networkPolicy.addJsonPatch(JsonPatch.add('/spec/egress/-', { to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }] }));
  expect(() => synth(platform.node.root as SecureApp)).toThrow(/X-009/);
});
