import { IConstruct } from 'constructs';
import { ServiceTls, ServiceTlsMode } from './service-tls';
import { fail } from '../core/errors';
import { ServiceMesh } from '../mesh/service-mesh';

/** Validates a resolved transport: the mesh and TLS settings must agree. */
export function resolveTransport(scope: IConstruct, tls: unknown, mesh: unknown): { tls: ServiceTls; mesh?: ServiceMesh } {
  if (mesh !== undefined && !(mesh instanceof ServiceMesh)) {
    fail(scope, 'mesh', mesh, 'not a ServiceMesh', 'use ServiceMesh.istio({ ... })');
  }
  if (tls !== undefined && !(tls instanceof ServiceTls)) {
    fail(scope, 'tls', tls, 'not a ServiceTls', 'use ServiceTls.certManager({ ... }) or ServiceTls.mesh()');
  }
  mesh?._validate(scope, 'mesh');
  const resolved = (tls as ServiceTls | undefined) ?? ServiceTls._default(mesh !== undefined);
  if (mesh && resolved.mode === ServiceTlsMode.CERT_MANAGER) {
    fail(scope, 'tls', resolved.mode, 'conflicts with mesh: the mesh already encrypts and authenticates every hop with mTLS; application TLS inside it hides HTTP from the mesh (AuthorizationPolicies fall back to L4) and two systems would own the same certificates and ports',
      'drop `tls` (the mesh provides TLS, ServiceTls.mesh()) or drop `mesh` to use cert-manager certificates');
  }
  if (!mesh && resolved.mode === ServiceTlsMode.MESH) {
    fail(scope, 'tls', resolved.mode, 'ServiceTls.mesh() leaves encryption to a mesh, and no mesh is configured: traffic would be plain text',
      'set mesh: ServiceMesh.istio() on the Platform, or use ServiceTls.certManager()');
  }
  resolved._validate(scope, 'tls');
  return { tls: resolved, mesh: mesh as ServiceMesh | undefined };
}
