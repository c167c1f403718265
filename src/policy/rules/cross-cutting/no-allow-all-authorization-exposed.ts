import { exposedServices } from './edge-util';
import { crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** Whether an AuthorizationPolicy rule admits every source: no `from` and no `when`. */
function admitsAnySource(rule: any): boolean {
  const from = Array.isArray(rule?.from) ? rule.from : [];
  const when = Array.isArray(rule?.when) ? rule.when : [];
  return from.length === 0 && when.length === 0;
}

/** Mesh authorization: an exposed workload does not allow every caller. */
export const NO_ALLOW_ALL_AUTHORIZATION_EXPOSED = crossRule({
  id: 'X-015',
  severity: Severity.ERROR,
  title: 'No allow-all AuthorizationPolicy on an exposed workload',
  description: 'An Istio ALLOW `AuthorizationPolicy` with a rule that has neither `from` nor `when` admits every caller (any identity, or none) on what the rule matches. On a workload that an Ingress or HTTPRoute exposes, that turns the mesh\'s identity checks off for the public entry point.',
  fix: 'List the callers (`from.source.principals`, e.g. the ingress gateway) and, for end users, require a request principal (requireJwt).',
}, input => {
  const exposed = exposedServices(input);
  if (exposed.size === 0) return [];
  const services = objectsOfKind(input, 'Service').filter(s => exposed.has(`${namespaceOf(s.object)}/${s.object?.metadata?.name}`));
  return objectsOfKind(input, 'AuthorizationPolicy').flatMap(o => {
    const spec = o.object?.spec ?? {};
    if ((spec.action ?? 'ALLOW') !== 'ALLOW') return [];
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    if (!rules.some(admitsAnySource)) return [];
    const ns = namespaceOf(o.object);
    const labels = spec.selector?.matchLabels ?? {};
    const hits = services.filter(s => namespaceOf(s.object) === ns
      && Object.entries(labels).every(([k, v]) => s.object?.spec?.selector?.[k] === v));
    return hits.length === 0 ? [] : [objectFinding(o, `allows every caller on exposed Service${hits.length > 1 ? 's' : ''} ${hits.map(s => s.object.metadata.name).join(', ')} (a rule without from and when)`)];
  });
});
