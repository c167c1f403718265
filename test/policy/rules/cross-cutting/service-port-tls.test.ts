import { input, k8s, messages } from './fixtures';
import { SERVICE_PORT_TLS } from '../../../../src/policy/rules/cross-cutting/service-port-tls';

const service = (ns: string, ports: any[]) => k8s({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: ns }, spec: { selector: { app: 'svc' }, ports } });
const strict = (ns: string, spec: any = {}) => k8s({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' }, ...spec } });

describe('X-007 Service ports are TLS or mesh-protected', () => {
  test('TLS port names, appProtocol and STRICT mesh pass', () => {
    expect(messages(SERVICE_PORT_TLS, input([], [
      service('a', [{ name: 'https', port: 8443 }, { name: 'grpcs-api', port: 9443 }, { name: 'x', port: 1, appProtocol: 'tls' }]),
      service('b', [{ name: 'http', port: 80 }]), strict('b'),
      service('c', [{ name: 'http', port: 80 }]), strict('istio-system'),
    ]))).toEqual([]);
  });

  test('flags plain ports, PERMISSIVE mesh and port-level overrides', () => {
    expect(messages(SERVICE_PORT_TLS, input([], [
      service('a', [{ name: 'http', port: 80 }, { port: 8080 }]),
      service('b', [{ name: 'http', port: 80 }]), k8s({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'b' }, spec: { mtls: { mode: 'PERMISSIVE' } } }),
      service('c', [{ name: 'http', port: 80, targetPort: 8080 }]), strict('c', { portLevelMtls: { 8080: { mode: 'DISABLE' } } }),
    ]))).toEqual([
      'port "http" 80 is neither TLS (name/appProtocol https, tls, grpcs) nor under a STRICT PeerAuthentication',
      'port 8080 is neither TLS (name/appProtocol https, tls, grpcs) nor under a STRICT PeerAuthentication',
      'port "http" 80 is neither TLS (name/appProtocol https, tls, grpcs) nor under a STRICT PeerAuthentication',
      'port "http" 80 is neither TLS (name/appProtocol https, tls, grpcs) nor under a STRICT PeerAuthentication',
    ]);
  });
});
