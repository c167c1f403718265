import { IConstruct } from 'constructs';
import { IGrantable } from './grantable';
import { PolicyStatement } from './policy-statement';
import { fail } from '../core/errors';
import { Platform } from '../platform/platform';
import { IService } from '../workload/service';
import { ServiceWorkload } from '../workload/service-workload';

/**
 * What a `grantX()` call added: the statements put into the grantee's IAM policy and the network
 * egress opened for it.
 */
export class Grant {
  /**
   * Adds `statements` to `grantee`'s policy after checking that the grantee is a service of
   * `resource`'s platform; opens egress to the platform's AWS endpoints on 443 when `egress`.
   * @internal
   */
  public static _addToPrincipal(resource: IConstruct, method: string, grantee: IGrantable, statements: PolicyStatement[], egress: boolean): Grant {
    const workload = resolveGrantee(resource, method, grantee);
    const platform = workload.platform;
    if (egress) {
      if (platform.awsEndpointCidrs.length === 0) {
        fail(platform, 'awsEndpointCidrs', [], `${method} lets service "${workload.path}" call AWS APIs from its pods, and no AWS endpoint range is set, so its NetworkPolicy would block the calls`,
          "set awsEndpointCidrs on the Platform to the ranges of the AWS API endpoints (e.g. the subnets of the VPC interface endpoints): awsEndpointCidrs: ['10.0.64.0/24']");
      }
      workload.connections.allowToCidrs(platform.awsEndpointCidrs, 443);
    }
    for (const s of statements) workload.service.grantPrincipal.addToPrincipalPolicy(s);
    return new Grant(grantee, workload.service, statements, egress ? [...platform.awsEndpointCidrs] : []);
  }

  /** The grantee the permissions were given to. */
  public readonly grantee: IGrantable;
  /** The service whose role received the statements. */
  public readonly service: IService;
  /** The statements added to the service's IAM policy. */
  public readonly statements: PolicyStatement[];
  /** CIDR ranges the service may now reach on TCP 443 (the platform's AWS endpoints), or none. */
  public readonly egressCidrs: string[];

  private constructor(grantee: IGrantable, service: IService, statements: PolicyStatement[], egressCidrs: string[]) {
    this.grantee = grantee;
    this.service = service;
    this.statements = statements;
    this.egressCidrs = egressCidrs;
  }

  /** Every action granted, sorted and without duplicates. */
  public get actions(): string[] {
    return [...new Set(this.statements.flatMap(s => s.actions))].sort();
  }
}

/**
 * The workload of the service behind `grantee`, which must be a `SecureMicroservice` on
 * `resource`'s platform.
 */
export function resolveGrantee(resource: IConstruct, method: string, grantee: unknown): ServiceWorkload {
  const principal = (grantee as IGrantable | undefined)?.grantPrincipal;
  if (!grantee || typeof grantee !== 'object' || !principal) {
    fail(resource, `${method}(grantee)`, describe(grantee), 'the grantee is not grantable (it has no grantPrincipal)',
      'pass a SecureMicroservice, e.g. secret.grantRead(orders)');
  }
  const workload = ServiceWorkload.of(principal);
  if (!workload) {
    fail(resource, `${method}(grantee)`, describe(grantee), 'the grantee\'s principal is not a SecureMicroservice; only services have workload roles',
      'pass a SecureMicroservice created with this library');
  }
  const platform = Platform.of(resource);
  if (workload.platform !== platform) {
    fail(resource, `${method}(grantee)`, workload.path, `the service runs on platform "${workload.platform.node.path}" and the resource belongs to platform "${platform.node.path}"; a grant cannot cross accounts, regions or clusters`,
      'create the resource on the service\'s platform, or grant to a service of this platform');
  }
  return workload;
}

function describe(x: unknown): unknown {
  const path = (x as IConstruct | undefined)?.node?.path;
  return typeof path === 'string' ? path : x;
}
