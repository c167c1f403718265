import { PolicyStatement } from './policy-statement';
import { WorkloadRole } from './workload-role';
import { fail } from '../core/errors';
import { POD_IDENTITY_AGENT } from '../network/service-policy';
import { WorkloadIdentityMode } from '../platform/workload-identity';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * The AWS identity of one workload: an IAM role bound to exactly its namespace and
 * ServiceAccount, created on the first statement. It contributes to the workload the egress to
 * its credential source (the EKS Pod Identity Agent, or AWS STS through the platform's
 * `awsEndpointCidrs` with IRSA) and, with IRSA, the role annotations on its ServiceAccount.
 */
export class ServiceRole {
  private role?: WorkloadRole;

  constructor(private readonly workload: ServiceWorkload) {}

  /** ARN of the role, or undefined while the workload has no AWS permissions. */
  public get roleArn(): string | undefined {
    return this.role?.roleArn;
  }

  /** Adds a statement to the role's identity policy, creating the role on first use. */
  public addStatement(statement: PolicyStatement): void {
    this.ensureRole().addStatement(statement);
  }

  private ensureRole(): WorkloadRole {
    if (this.role) return this.role;
    const { platform } = this.workload;
    const irsa = platform.workloadIdentity.mode === WorkloadIdentityMode.IRSA;
    if (irsa && platform.awsEndpointCidrs.length === 0) {
      fail(platform, 'awsEndpointCidrs', [], `with IRSA, service "${this.workload.path}" must reach AWS STS to exchange its token, and no endpoint range is set`,
        'set awsEndpointCidrs on the Platform to the ranges of the STS endpoint (e.g. the VPC interface endpoint subnets), or use WorkloadIdentity.podIdentity()');
    }
    this.role = new WorkloadRole(this.workload.terraformScope(), platform, {
      name: this.workload.name,
      namespace: this.workload.namespace,
      serviceAccount: this.workload.serviceAccountName,
    });
    this.workload.connections.credentialEgress = irsa ? { cidrs: platform.awsEndpointCidrs, port: 443 } : POD_IDENTITY_AGENT;
    if (irsa) {
      this.workload.annotateServiceAccount('eks.amazonaws.com/role-arn', this.role.roleArn);
      this.workload.annotateServiceAccount('eks.amazonaws.com/sts-regional-endpoints', 'true');
    }
    return this.role;
  }
}
