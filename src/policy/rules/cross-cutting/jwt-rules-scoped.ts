import { ALB_ANNOTATION, envoySecurityPolicies, isHttpsUrl, jsonAnnotation } from './edge-util';
import { crossRule, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** JWT validation names its audiences and fetches its keys over https. */
export const JWT_RULES_SCOPED = crossRule({
  id: 'X-014',
  severity: Severity.ERROR,
  title: 'JWT validation checks the audience and fetches keys over https',
  description: 'A JWT rule without audiences accepts tokens the issuer made for any other application; a JWKS fetched over http can be replaced on the way, and then any forged token verifies. Checked on Istio `RequestAuthentication` `jwtRules` (`audiences`, `jwksUri`/`jwks_uri`) on the AWS Load Balancer Controller `jwt-validation` annotation (`jwksEndpoint`, an `aud` claim) and on Envoy Gateway `SecurityPolicy` `jwt.providers` (`audiences`, `remoteJWKS.uri`).',
  fix: "List the accepted audiences and use the issuer's https JWKS URL (EdgeAuthentication.jwt / requireJwt do both).",
}, input => [
  ...objectsOfKind(input, 'RequestAuthentication').flatMap(o => {
    const rules = Array.isArray(o.object?.spec?.jwtRules) ? o.object.spec.jwtRules : [];
    return rules.flatMap((r: any, i: number) => {
      const problems: string[] = [];
      if (!Array.isArray(r?.audiences) || r.audiences.length === 0) problems.push(`jwtRules[${i}] (issuer ${JSON.stringify(r?.issuer)}) has no audiences`);
      const uri = r?.jwksUri ?? r?.jwks_uri;
      if (uri !== undefined && !isHttpsUrl(uri)) problems.push(`jwtRules[${i}] fetches its JWKS from ${JSON.stringify(uri)}, not https`);
      return problems.map(p => objectFinding(o, p));
    });
  }),
  ...objectsOfKind(input, 'Ingress').flatMap(o => {
    const v = jsonAnnotation(o, `${ALB_ANNOTATION}jwt-validation`);
    if (v === undefined) return [];
    if (!v || typeof v !== 'object') return [objectFinding(o, 'jwt-validation is not JSON')];
    const problems: string[] = [];
    if (!isHttpsUrl(v.jwksEndpoint)) problems.push(`jwt-validation fetches its JWKS from ${JSON.stringify(v.jwksEndpoint)}, not https`);
    const aud = (Array.isArray(v.additionalClaims) ? v.additionalClaims : []).find((c: any) => c?.name === 'aud');
    if (!aud || !Array.isArray(aud.values) || aud.values.length === 0) problems.push('jwt-validation checks no audience (no additional claim "aud")');
    return problems.map(p => objectFinding(o, p));
  }),
  ...envoySecurityPolicies(input).flatMap(o => {
    const providers = Array.isArray(o.object?.spec?.jwt?.providers) ? o.object.spec.jwt.providers : [];
    return providers.flatMap((p: any, i: number) => {
      const problems: string[] = [];
      const name = JSON.stringify(p?.name);
      if (!Array.isArray(p?.audiences) || p.audiences.length === 0) problems.push(`jwt.providers[${i}] (${name}) has no audiences`);
      const uri = p?.remoteJWKS?.uri;
      if (uri !== undefined && !isHttpsUrl(uri)) problems.push(`jwt.providers[${i}] (${name}) fetches its JWKS from ${JSON.stringify(uri)}, not https`);
      return problems.map(m => objectFinding(o, m));
    });
  }),
]);
