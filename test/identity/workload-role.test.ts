import { EksCluster, PlatformLogging, PlatformProps, PolicyStatement, SecureApp, SecureMicroservice, SecureMicroserviceProps, WorkloadIdentity } from '../../src';
import { expectConfigError } from '../support/errors';
import { iamProblems, irsaTrustProblems, permissionPolicies, podIdentityTrustProblems, trustPolicies } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, PLATFORM_PROPS, resourcesOf, synth, Synthesized } from '../support/synth';

const ACCOUNT = '111122223333';
const ISSUER = PLATFORM_PROPS.cluster.oidcIssuerUrl!;
const STS_ENDPOINTS = ['10.0.64.0/24', '10.0.65.0/24'];
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

const readSecret = new PolicyStatement({
  actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:orders-db-AbCdEf`],
});
const decrypt = new PolicyStatement({
  actions: ['kms:Decrypt'],
  resources: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
  conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
});

/** Synthesizes `orders` (with statements), `web` (none) and `pay` (namespace `money`, statements). */
function build(platformProps: Partial<PlatformProps>, extra: Partial<SecureMicroserviceProps> = {}) {
  const platform = newPlatform(platformProps);
  const orders = new SecureMicroservice(platform, 'orders', { image: image('orders'), ...extra });
  const web = new SecureMicroservice(platform, 'web', { image: image('web') });
  const pay = new SecureMicroservice(platform, 'pay', { image: image('pay'), namespace: 'money' });
  orders.addToPrincipalPolicy(readSecret);
  orders.addToPrincipalPolicy(decrypt);
  orders.addToPrincipalPolicy(readSecret); // identical statements are written once
  pay.addToPrincipalPolicy(decrypt);
  web.connectTo(orders);
  return { platform, orders, web, pay, out: synth(SecureApp.of(platform)) };
}

/** The Terraform resource of `type` whose construct path ends with `<service>/<id>`. */
function resourceAt(out: Synthesized, type: string, service: string, id: string): any {
  const found = resourcesOf(out, type).filter(([, , c]) => c['//']?.metadata?.path?.endsWith(`/${service}/${id}`));
  if (found.length !== 1) throw new Error(`expected one ${type} for ${service}/${id}, found ${found.length}`);
  return { ...found[0][2], logicalId: found[0][1] };
}

const cidrRules = (policy: any) => policy.spec.egress.filter((r: any) => r.to.some((t: any) => t.ipBlock));

describe('workload identity with EKS Pod Identity (default)', () => {
  let b: ReturnType<typeof build>;
  beforeAll(() => {
    b = build({});
  });

  test('a service without statements gets no role, no association, no AWS egress, no annotation', () => {
    expect(b.web.roleArn).toBeUndefined();
    // Roles for the two services with statements and the log shipper's (logging is on by default); none for web.
    expect(resourcesOf(b.out, 'aws_iam_role').map(([, , c]) => c.name).sort()).toEqual(['test-logging-log-shipper', 'test-money-pay', 'test-orders']);
    expect(cidrRules(objectOf(b.out, 'NetworkPolicy', 'web', 'web'))).toEqual([]);
    expect(objectOf(b.out, 'ServiceAccount', 'web', 'web').metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
  });

  test('one role per service that needs AWS, named <platform>[-<namespace>]-<name>, ARN computed at synth time', () => {
    expect(b.orders.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/test-orders`);
    expect(b.pay.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/test-money-pay`);
    expect(resourceAt(b.out, 'aws_iam_role', 'orders', 'Role').name).toBe('test-orders');
  });

  test('the trust policy admits pods.eks.amazonaws.com for exactly this account, cluster, namespace and service account', () => {
    const trust = JSON.parse(resourceAt(b.out, 'aws_iam_role', 'pay', 'Role').assume_role_policy);
    expect(podIdentityTrustProblems(trust, {
      account: ACCOUNT,
      clusterArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/test-eks`,
      namespace: 'money',
      serviceAccount: 'pay',
    })).toEqual([]);
    expect(b.platform.clusterArn).toBe(`arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/test-eks`);
  });

  test('an aws_eks_pod_identity_association binds the role to the namespace, service account and cluster', () => {
    // orders, pay and the log shipper.
    const associations = resourcesOf(b.out, 'aws_eks_pod_identity_association');
    expect(associations.map(([, , c]) => `${c.namespace}/${c.service_account}`).sort()).toEqual(['logging/fluent-bit', 'money/pay', 'orders/orders']);
    const assoc = resourceAt(b.out, 'aws_eks_pod_identity_association', 'pay', 'PodIdentityAssociation');
    const role = resourceAt(b.out, 'aws_iam_role', 'pay', 'Role');
    expect(assoc).toMatchObject({ cluster_name: 'test-eks', namespace: 'money', service_account: 'pay', role_arn: `\${aws_iam_role.${role.logicalId}.arn}` });
  });

  test('the permissions policy is one inline policy with the given statements, deduplicated, no managed policies', () => {
    const policy = resourceAt(b.out, 'aws_iam_role_policy', 'orders', 'Policy');
    const role = resourceAt(b.out, 'aws_iam_role', 'orders', 'Role');
    expect(policy.role).toBe(`\${aws_iam_role.${role.logicalId}.name}`);
    const doc = JSON.parse(policy.policy);
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement).toEqual(expect.arrayContaining([readSecret.toJson(), decrypt.toJson()]));
    expect(resourcesOf(b.out, 'aws_iam_role_policy_attachment')).toEqual([]);
    expect(role.managed_policy_arns).toBeUndefined();
  });

  test('every IAM action exists in the AWS catalog, none is a wildcard', async () => {
    // orders, pay and the log shipper.
    expect(trustPolicies(b.out)).toHaveLength(3);
    expect(permissionPolicies(b.out)).toHaveLength(3);
    expect(await iamProblems(b.out)).toEqual([]);
  });

  test('pods that use AWS may reach the Pod Identity agent on port 80, and no other address', () => {
    const rules = cidrRules(objectOf(b.out, 'NetworkPolicy', 'orders', 'orders'));
    expect(rules).toHaveLength(1);
    expect(rules[0].ports).toEqual([{ protocol: 'TCP', port: 80 }]);
    const cidrs = rules[0].to.map((t: any) => t.ipBlock.cidr);
    // The agent's IPv4 link-local address (and its IPv6 twin on IPv6 clusters), nothing else.
    expect(cidrs).toContain('169.254.170.23/32');
    expect(cidrs.filter((c: string) => c !== '169.254.170.23/32')).toEqual(['fd00:ec2::23/128']);
    expect(rules[0].to.every((t: any) => t.ipBlock.except === undefined)).toBe(true);
  });

  test('the ServiceAccount carries no IRSA annotation', () => {
    expect(objectOf(b.out, 'ServiceAccount', 'orders', 'orders').metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
  });

  test('every object validates strictly', () => {
    expect(validateObjects(b.out.objects)).toEqual([]);
  });
});

describe('workload identity with IRSA', () => {
  let b: ReturnType<typeof build>;
  beforeAll(() => {
    b = build({ workloadIdentity: WorkloadIdentity.irsa(), awsEndpointCidrs: STS_ENDPOINTS });
  });

  test('the trust policy admits the cluster OIDC provider with sub and aud conditions for exactly this service account', () => {
    const trust = JSON.parse(resourceAt(b.out, 'aws_iam_role', 'pay', 'Role').assume_role_policy);
    expect(irsaTrustProblems(trust, { account: ACCOUNT, issuer: ISSUER, namespace: 'money', serviceAccount: 'pay' })).toEqual([]);
  });

  test('the ServiceAccount annotation carries the role ARN computed at synth time', () => {
    for (const svc of [b.orders, b.pay]) {
      const sa = objectOf(b.out, 'ServiceAccount', svc.serviceAccountName, svc.namespace);
      const role = resourceAt(b.out, 'aws_iam_role', svc.node.id, 'Role');
      expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::${ACCOUNT}:role/${role.name}`);
      expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(svc.roleArn);
      expect(sa.automountServiceAccountToken).toBe(false);
    }
    expect(b.orders.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/test-orders`);
  });

  test('no Pod Identity association is written', () => {
    expect(resourcesOf(b.out, 'aws_eks_pod_identity_association')).toEqual([]);
  });

  test('pods that use AWS may reach the AWS endpoint ranges on 443 only; others reach nothing', () => {
    const rules = cidrRules(objectOf(b.out, 'NetworkPolicy', 'orders', 'orders'));
    expect(rules).toEqual([{ to: STS_ENDPOINTS.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(cidrRules(objectOf(b.out, 'NetworkPolicy', 'web', 'web'))).toEqual([]);
  });

  test('every IAM action exists in the AWS catalog, none is a wildcard', async () => {
    expect(await iamProblems(b.out)).toEqual([]);
  });

  test('the role ARN follows the partition (aws-cn for cn- regions)', () => {
    const platform = newPlatform({ region: 'cn-north-1', workloadIdentity: WorkloadIdentity.irsa(), awsEndpointCidrs: STS_ENDPOINTS });
    const svc = new SecureMicroservice(platform, 'orders', { image: image() });
    svc.addToPrincipalPolicy(readSecret);
    expect(svc.roleArn).toBe(`arn:aws-cn:iam::${ACCOUNT}:role/test-orders`);
    const out = synth(SecureApp.of(platform));
    const trust = JSON.parse(resourceAt(out, 'aws_iam_role', 'orders', 'Role').assume_role_policy);
    expect(irsaTrustProblems(trust, { account: ACCOUNT, partition: 'aws-cn', issuer: ISSUER, namespace: 'orders', serviceAccount: 'orders' })).toEqual([]);
  });

  test('every object validates strictly', () => {
    expect(validateObjects(b.out.objects)).toEqual([]);
  });
});

describe('role names', () => {
  const roleFor = (platformId: string, name: string, namespace?: string) => {
    const svc = new SecureMicroservice(newPlatform({}, platformId), 'svc', { image: image(), name, namespace });
    svc.addToPrincipalPolicy(readSecret);
    return svc.roleArn!.split(':role/')[1];
  };

  test('short names are kept as they are', () => {
    expect(roleFor('prod', 'orders')).toBe('prod-orders');
    expect(roleFor('prod', 'orders', 'shop')).toBe('prod-shop-orders');
  });

  test('long names are shortened to 64 characters with a stable hash, distinct for distinct inputs', () => {
    const long = 'a'.repeat(60);
    const one = roleFor(`p-${long}`, `s-${long}`, `n-${long}`);
    const same = roleFor(`p-${long}`, `s-${long}`, `n-${long}`);
    const other = roleFor(`p-${long}`, `s-${long.slice(1)}b`, `n-${long}`);
    for (const name of [one, other]) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(IAM_ROLE_NAME);
      expect(name).toMatch(/-[0-9a-f]{8}$/);
    }
    expect(one.startsWith('p-aaaa')).toBe(true);
    expect(same).toBe(one);
    expect(other).not.toBe(one);
  });

  test('a name of exactly 64 characters is kept', () => {
    // 'prod' + '-' + 59 characters
    const name = `s${'x'.repeat(58)}`;
    expect(roleFor('prod', name)).toBe(`prod-${name}`);
  });

  test('the shortened name is the one written to Terraform', () => {
    const platform = newPlatform({}, `p${'q'.repeat(62)}`);
    const svc = new SecureMicroservice(platform, `s${'t'.repeat(62)}`, { image: image() });
    svc.addToPrincipalPolicy(readSecret);
    const out = synth(SecureApp.of(platform));
    const role = resourceAt(out, 'aws_iam_role', svc.node.id, 'Role');
    expect(role.name.length).toBeLessThanOrEqual(64);
    expect(svc.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/${role.name}`);
  });
});

describe('workload identity bad input', () => {
  test('IRSA without the cluster OIDC issuer', () => {
    expectConfigError(() => newPlatform({ workloadIdentity: WorkloadIdentity.irsa(), cluster: EksCluster.fromAttributes({ clusterName: 'test-eks' }) }),
      { path: 'test', property: 'cluster.oidcIssuerUrl', received: undefined });
  });

  test('IRSA with an issuer that is not an https URL', () => {
    const issuer = 'http://oidc.example.com/id/X';
    expectConfigError(() => newPlatform({ workloadIdentity: WorkloadIdentity.irsa(), cluster: EksCluster.fromAttributes({ clusterName: 'test-eks', oidcIssuerUrl: issuer }) }),
      { path: 'test', property: 'cluster.oidcIssuerUrl', received: issuer });
  });

  test('an IRSA role without awsEndpointCidrs (pods could not reach STS)', () => {
    // Log shipping is off: it would need the endpoint ranges itself.
    const platform = newPlatform({ workloadIdentity: WorkloadIdentity.irsa(), awsEndpointCidrs: undefined, logging: PlatformLogging.disabled('tested without log shipping') });
    const svc = new SecureMicroservice(platform, 'orders', { image: image() });
    const e = expectConfigError(() => svc.addToPrincipalPolicy(readSecret), { path: 'test', property: 'awsEndpointCidrs', received: [] });
    expect(e.problem).toContain('test/orders');
    expect(svc.roleArn).toBeUndefined();
  });

  test.each(['0.0.0.0/0', '::/0'])('awsEndpointCidrs %p', (cidr) => {
    expectConfigError(() => newPlatform({ awsEndpointCidrs: ['10.0.0.0/24', cidr] }), { path: 'test', property: 'awsEndpointCidrs[1]', received: cidr });
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'vpc'])('a malformed awsEndpointCidrs entry %p', (cidr) => {
    expectConfigError(() => newPlatform({ awsEndpointCidrs: [cidr] }), { path: 'test', property: 'awsEndpointCidrs[0]', received: cidr });
  });
});
