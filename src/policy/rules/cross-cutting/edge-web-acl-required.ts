import { ALB_ANNOTATION, annotation, internetFacingAlbIngresses } from './edge-util';
import { crossRule, objectFinding } from './util';
import { IRule, Severity } from '../../model';

const WAF_ANNOTATIONS = ['wafv2-acl-arn', 'wafv2-acl-name', 'waf-acl-id'];

/** Rate limiting and input validation: internet-facing load balancers have a web ACL (no opt-out). */
export const EDGE_WEB_ACL_REQUIRED: IRule = crossRule({
  id: 'X-013',
  severity: Severity.ERROR,
  title: 'Internet-facing load balancers have a web ACL',
  description: 'Without a WAF web ACL an internet-facing load balancer takes any rate and any payload: no rate limit per client, no managed rules against common exploits, SQL injection and known bad inputs. The Ingress names one with `wafv2-acl-arn`, `wafv2-acl-name` or `waf-acl-id` (not `none`).',
  fix: "Leave the library's web ACL on (the default for internet-facing exposures) or pass expose({ webAclArn }).",
}, input => internetFacingAlbIngresses(input).flatMap(o => {
  const values = WAF_ANNOTATIONS.map(k => annotation(o, `${ALB_ANNOTATION}${k}`)).filter(v => v !== undefined && v.trim() !== '' && v.trim() !== 'none');
  return values.length ? [] : [objectFinding(o, 'internet-facing without a web ACL (no wafv2-acl-arn, wafv2-acl-name or waf-acl-id)')];
}));

