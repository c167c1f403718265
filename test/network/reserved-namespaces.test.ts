import { ExposureController, PlatformLogging, SecureMicroservice, ServiceMesh } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newPlatform } from '../support/synth';

/**
 * The library never writes, labels or default-denies a namespace that the cluster or an add-on it
 * references owns: doing so would cut off cert-manager, istiod, the gateway proxies or CoreDNS.
 */
describe('namespaces owned by the cluster or an add-on', () => {
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-anything', 'cert-manager', 'istio-system', 'envoy-gateway-system', 'external-secrets'])(
    'a service in %s is refused', namespace => {
      const platform = newPlatform();
      expectConfigError(() => new SecureMicroservice(platform, 'web', { image: image(), namespace }), { path: 'test/web', property: 'namespace', received: namespace });
    });

  test("the platform CA's namespace, the mesh's control plane and the Gateway implementation's namespaces, as configured", () => {
    const ca = newPlatform({ tls: undefined });
    expect(() => new SecureMicroservice(ca, 'web', { image: image(), namespace: 'cert-manager' })).toThrow(/belongs to cert-manager/);
    const mesh = newPlatform({ mesh: ServiceMesh.istio({ istiodNamespace: 'mesh-cp' }) });
    expectConfigError(() => new SecureMicroservice(mesh, 'web', { image: image(), namespace: 'mesh-cp' }), { path: 'test/web', property: 'namespace', received: 'mesh-cp' });
    const gw = newPlatform({
      exposure: ExposureController.gatewayApi({
        gatewayClassName: 'eg',
        proxyNamespace: 'eg-proxies',
        proxyControlPlane: { namespace: 'eg-system', podLabels: { app: 'eg' }, port: 18000 },
      }),
    });
    for (const namespace of ['eg-proxies', 'eg-system']) {
      expectConfigError(() => new SecureMicroservice(gw, `web-${namespace}`, { image: image(), namespace }), { path: `test/web-${namespace}`, property: 'namespace', received: namespace });
    }
  });

  test('an ordinary application namespace is accepted', () => {
    expect(new SecureMicroservice(newPlatform(), 'web', { image: image(), namespace: 'shop' }).namespace).toBe('shop');
  });

  test('the log shipper is refused in kube-system and in add-on namespaces', () => {
    for (const namespace of ['kube-system', 'istio-system', 'cert-manager']) {
      expectConfigError(() => newPlatform({ logging: PlatformLogging.cloudWatch({ namespace }) }), { path: 'test', property: 'logging.namespace', received: namespace });
    }
  });

  test("a Gateway namespace the library creates must not be an add-on's either", () => {
    expectConfigError(() => newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', namespace: 'istio-system', createNamespace: true }) }),
      { path: 'test', property: 'exposure.namespace', received: 'istio-system' });
    // Referenced, not created: the namespace is left alone and accepted.
    expect(() => newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', namespace: 'istio-system' }) })).not.toThrow();
  });
});
