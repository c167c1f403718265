import { IRule, KubernetesObject, PolicyInput, RuleFinding, TerraformResource } from '../../../../src/policy/model';

/** A Terraform resource of stack `prod`. */
export function tf(type: string, name: string, config: any, stack = 'prod'): TerraformResource {
  return { file: `terraform/stacks/${stack}/cdk.tf.json`, stack, type, name, config, constructPath: `${stack}/${name}` };
}

/** A Kubernetes object from `prod.k8s.yaml`. */
export function k8s(object: any, index = 0): KubernetesObject {
  const ns = object.metadata?.namespace;
  return { file: 'kubernetes/prod.k8s.yaml', index, object, constructPath: `prod/${object.kind}/${ns ?? '-'}/${object.metadata?.name}` };
}

/** A policy input. */
export function input(terraform: TerraformResource[] = [], kubernetes: KubernetesObject[] = []): PolicyInput {
  return { terraform, kubernetes };
}

/** A policy document as the JSON string Terraform holds. */
export function doc(...statements: any[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Runs a rule and returns its findings' messages. */
export function messages(rule: IRule, i: PolicyInput): string[] {
  return rule.check(i).map((f: RuleFinding) => f.message);
}

/** A role with an inline identity policy (`aws_iam_role_policy`). */
export function roleWithPolicy(name: string, ...statements: any[]): TerraformResource[] {
  return [
    tf('aws_iam_role', `${name}_Role`, { name: `prod-${name}`, assume_role_policy: podIdentityTrust(name, name) }),
    tf('aws_iam_role_policy', `${name}_Policy`, { name: 'least-privilege', role: `\${aws_iam_role.${name}_Role.name}`, policy: doc(...statements) }),
  ];
}

/** The library's Pod Identity trust policy for `namespace/serviceAccount`. */
export function podIdentityTrust(namespace: string, serviceAccount: string, extra: any = {}): string {
  return doc({
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:SourceAccount': '111122223333',
        'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eks',
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': serviceAccount,
        ...extra,
      },
    },
  });
}

/** The library's IRSA trust policy for `namespace/serviceAccount`. */
export function irsaTrust(namespace: string, serviceAccount: string): string {
  const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
  return doc({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com', [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}` } },
  });
}
