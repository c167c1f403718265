import { Construct } from 'constructs';
import { checkPolicySize, mergeStatements } from './policy-merge';
import { PolicyStatement } from './policy-statement';
import { createWorkloadRole, PolicyDocumentJson } from '../aws/iam';
import { claimName } from '../core/claims';
import { fitName } from '../core/names';
import { Platform } from '../platform/platform';
import { WorkloadIdentityMode } from '../platform/workload-identity';

/** IAM role names are at most 64 characters. */
export const MAX_ROLE_NAME_LENGTH = 64;

/** The workload a role is bound to. */
export interface WorkloadBinding {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Logical name used in the role name. */
  readonly name: string;
}

/**
 * The role name for a workload: `<platform>-<namespace>-<name>`, shortened with a stable hash when
 * it would pass the IAM limit.
 */
export function workloadRoleName(platform: Platform, binding: WorkloadBinding): string {
  const parts = binding.namespace === binding.name ? [platform.node.id, binding.name] : [platform.node.id, binding.namespace, binding.name];
  return fitName(parts.join('-'), MAX_ROLE_NAME_LENGTH);
}

/** The role's ARN, known at synth time. */
export function roleArn(platform: Platform, roleName: string): string {
  return `arn:${platform.partition}:iam::${platform.account}:role/${roleName}`;
}

/**
 * The trust policy that lets exactly one namespace/service account assume the role.
 */
export function trustPolicy(platform: Platform, binding: WorkloadBinding): PolicyDocumentJson {
  if (platform.workloadIdentity.mode === WorkloadIdentityMode.IRSA) {
    const issuer = platform.cluster.oidcIssuerUrl!.replace(/^https:\/\//, '');
    return {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'IrsaServiceAccountOnly',
        Effect: 'Allow',
        Principal: { Federated: `arn:${platform.partition}:iam::${platform.account}:oidc-provider/${issuer}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:aud`]: 'sts.amazonaws.com',
            [`${issuer}:sub`]: `system:serviceaccount:${binding.namespace}:${binding.serviceAccount}`,
          },
        },
      }],
    };
  }
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'PodIdentityServiceAccountOnly',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': platform.account,
          'aws:RequestTag/eks-cluster-arn': platform.clusterArn,
          'aws:RequestTag/kubernetes-namespace': binding.namespace,
          'aws:RequestTag/kubernetes-service-account': binding.serviceAccount,
        },
      },
    }],
  };
}

/**
 * The IAM role of one workload. Statements are collected until synth; identical statements are
 * written once, statements that differ only in actions or only in resources are merged, and a
 * policy past the IAM inline policy limit fails synth with a clear error.
 */
export class WorkloadRole {
  public readonly roleName: string;
  public readonly roleArn: string;
  private readonly statements = new Map<string, PolicyStatement>();
  private readonly path: string;

  constructor(scope: Construct, platform: Platform, binding: WorkloadBinding) {
    this.path = scope.node.path;
    this.roleName = workloadRoleName(platform, binding);
    // IAM role names are unique per account: `prod-a-b` is service b in namespace a, and service a-b.
    claimName(scope, scope, 'name', 'IAM role', platform.account, this.roleName);
    this.roleArn = roleArn(platform, this.roleName);
    createWorkloadRole(scope, {
      roleName: this.roleName,
      description: `Workload role for ${binding.namespace}/${binding.serviceAccount} on ${platform.cluster.clusterName} (secure-constructs)`,
      trustPolicy: trustPolicy(platform, binding),
      permissions: () => this.document(),
      podIdentity: platform.workloadIdentity.mode === WorkloadIdentityMode.POD_IDENTITY
        ? { clusterName: platform.cluster.clusterName, namespace: binding.namespace, serviceAccount: binding.serviceAccount }
        : undefined,
    });
  }

  public addStatement(statement: PolicyStatement): void {
    const json = statement.toJson();
    this.statements.set(JSON.stringify(json), statement);
  }

  /**
   * The permissions policy: statements deduplicated, merged and sorted for stable output.
   *
   * @throws ConfigurationError when the policy would pass the IAM inline policy size limit
   */
  public document(): PolicyDocumentJson {
    const keys = [...this.statements.keys()].sort();
    const document = { Version: '2012-10-17', Statement: mergeStatements(keys.map(k => JSON.parse(k))) };
    checkPolicySize(this.path, document);
    return document;
  }
}
