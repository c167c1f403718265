import { ensurePlatformWebAcl } from './platform-web-acl';
import { fail } from '../core/errors';
import type { ServiceWorkload } from '../workload/service-workload';

/** What an exposure asks of the web ACL. */
export interface EdgeWebAclRequest {
  /** Whether the load balancer is internet-facing (a web ACL is then required). */
  readonly internetFacing: boolean;
  /** The user's own web ACL (validated by the exposure). */
  readonly webAclArn?: string;
  /** Whether to attach the platform's library web ACL. */
  readonly webAcl?: boolean;
}

/**
 * The AWS Load Balancer Controller annotation that attaches a web ACL to an exposure's load
 * balancer: the user's (`wafv2-acl-arn`), or the platform's library web ACL by name
 * (`wafv2-acl-name`, which the controller resolves with `wafv2:ListWebACLs`; no value from a
 * Terraform apply is needed). Internet-facing exposures always get one; internal ones when
 * `webAcl` is true.
 */
export function edgeWebAclForAlb(workload: ServiceWorkload, request: EdgeWebAclRequest): { [key: string]: string } {
  const { webAcl, webAclArn, internetFacing } = request;
  if (webAcl !== undefined && typeof webAcl !== 'boolean') {
    fail(workload.service, 'expose(options.webAcl)', webAcl, 'not a boolean', 'use true to attach the platform\'s web ACL (the default for internet-facing exposures)');
  }
  if (webAclArn !== undefined) {
    if (webAcl === true) {
      fail(workload.service, 'expose(options.webAcl)', webAcl, 'a load balancer is associated with one web ACL, and webAclArn names one already', 'pass either webAclArn or webAcl: true');
    }
    return { 'alb.ingress.kubernetes.io/wafv2-acl-arn': webAclArn };
  }
  if (webAcl === false && internetFacing) {
    fail(workload.service, 'expose(options.webAcl)', webAcl, 'an internet-facing load balancer without a web ACL takes any rate and any payload from anyone',
      "leave webAcl out (the platform's web ACL: managed rules, rate limit, body size limit; tune it with the Platform's webAcl: EdgeWebAcl.managed({ ... })) or pass your own webAclArn");
  }
  if (webAcl === true || (webAcl === undefined && internetFacing)) {
    const acl = ensurePlatformWebAcl(workload.platform, workload.platform.webAcl);
    return { 'alb.ingress.kubernetes.io/wafv2-acl-name': acl.name };
  }
  return {};
}
