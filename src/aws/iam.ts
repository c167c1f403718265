import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

/** An IAM policy document as JSON. */
export interface PolicyDocumentJson {
  readonly Version: string;
  readonly Statement: unknown[];
}

export interface WorkloadRoleConfig {
  readonly roleName: string;
  readonly description: string;
  readonly trustPolicy: PolicyDocumentJson;
  /** Produces the inline permissions policy at synth time, after all grants were made. */
  readonly permissions: () => PolicyDocumentJson;
  /** For EKS Pod Identity: the association binding the role to one service account. */
  readonly podIdentity?: { clusterName: string; namespace: string; serviceAccount: string };
}

/**
 * An IAM role for one workload, with one inline policy (no managed policies) and, for EKS Pod
 * Identity, the association that binds it to exactly one namespace and service account.
 */
export function createWorkloadRole(scope: Construct, config: WorkloadRoleConfig): void {
  return withoutTokenTraces(() => {
    const role = new IamRole(scope, 'Role', {
      name: config.roleName,
      description: config.description,
      assumeRolePolicy: JSON.stringify(config.trustPolicy),
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(scope, 'Policy', {
      name: 'least-privilege',
      role: role.name,
      policy: Lazy.stringValue({ produce: () => JSON.stringify(config.permissions()) }),
    });
    if (config.podIdentity) {
      new EksPodIdentityAssociation(scope, 'PodIdentityAssociation', {
        clusterName: config.podIdentity.clusterName,
        namespace: config.podIdentity.namespace,
        serviceAccount: config.podIdentity.serviceAccount,
        roleArn: role.arn,
      });
    }
  });
}
