import { crossRule, namespaceOf, objectFinding, objectsOfKind, ROLE_ARN_ANNOTATION, roleBindings, roleNameOfArn, rolesNamed } from './util';
import { Severity } from '../../model';

/** Identity: IRSA annotations point at roles of the configuration that trust the service account. */
export const ROLE_ARN_ANNOTATION_RESOLVES = crossRule({
  id: 'X-003',
  severity: Severity.ERROR,
  title: 'Every ServiceAccount role-arn annotation points at a role that trusts it',
  description: `A ServiceAccount annotated \`${ROLE_ARN_ANNOTATION}\` with a role that the Terraform configuration does not define, or whose trust policy does not name this service account, fails at runtime or depends on a role nobody reviewed. Checked when the input has Terraform resources.`,
  fix: 'Point the annotation at the role written for this service account (the IRSA role whose trust `:sub` is `system:serviceaccount:<ns>:<sa>`).',
}, input => {
  if (input.terraform.length === 0) return [];
  const bindings = roleBindings(input);
  return objectsOfKind(input, 'ServiceAccount').flatMap(sa => {
    const arn = sa.object?.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
    if (arn === undefined) return [];
    const matching = rolesNamed(input, roleNameOfArn(arn));
    if (matching.length === 0) return [objectFinding(sa, `${ROLE_ARN_ANNOTATION} ${arn} names no aws_iam_role of the configuration`)];
    const ns = namespaceOf(sa.object);
    const name = sa.object?.metadata?.name;
    const trusted = bindings.some(b => matching.includes(b.role) && b.mode === 'irsa' && b.namespace === ns && b.serviceAccount === name);
    return trusted ? [] : [objectFinding(sa, `role ${arn} does not trust system:serviceaccount:${ns}:${name}`)];
  });
});
