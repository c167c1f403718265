import { ALB_ANNOTATION, envoySecurityPolicies, jsonAnnotation } from './edge-util';
import { crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** Secrets: the load balancer's OIDC client secret is not in the manifests. */
export const ALB_OIDC_SECRET_EXTERNAL = crossRule({
  id: 'X-016',
  severity: Severity.ERROR,
  title: 'The edge\'s OIDC client secret is not written in the manifests',
  description: 'The AWS Load Balancer Controller reads the OIDC client secret from the Kubernetes Secret named in `auth-idp-oidc` (`secretName`), Envoy Gateway from the Secret of a `SecurityPolicy`\'s `oidc.clientSecret`. A Secret of that name in the manifests puts the client secret in the repository and every pipeline log; it must be created in the cluster at runtime from Secrets Manager (External Secrets Operator).',
  fix: 'Pass the client secret as a ManagedSecret (EdgeAuthentication.oidc({ clientSecret })): the library writes an ExternalSecret, never the Secret.',
}, input => [
  ...objectsOfKind(input, 'Ingress').map(o => {
    const idp = jsonAnnotation(o, `${ALB_ANNOTATION}auth-idp-oidc`);
    return { o, ns: namespaceOf(o.object), name: idp && typeof idp === 'object' ? idp.secretName : undefined };
  }),
  ...envoySecurityPolicies(input).map(o => {
    const ref = o.object?.spec?.oidc?.clientSecret;
    const ns = typeof ref?.namespace === 'string' ? ref.namespace : namespaceOf(o.object);
    return { o, ns, name: ref && (ref.kind ?? 'Secret') === 'Secret' && !ref.group ? ref.name : undefined };
  }),
].flatMap(({ o, ns, name }) => (typeof name !== 'string' ? [] : objectsOfKind(input, 'Secret')
  .filter(s => s.object?.metadata?.name === name && namespaceOf(s.object) === ns)
  .map(s => objectFinding(s, `holds the OIDC client secret of ${o.object?.kind} ${namespaceOf(o.object)}/${o.object?.metadata?.name} in the manifests`)))));
