import { Duration } from 'cdk8s';
import {
  EdgeAuthentication, EksCluster, LoadBalancerScheme, ManagedSecret, Platform, SecureApp, SecureMicroservice, UnauthenticatedAction, WorkloadIdentity,
} from '../../src';
import { arnOf, concreteArns, decide, rolePolicy } from '../identity/grants-support';
import { expectConfigError } from '../support/errors';
import { actionsOf, iamProblems, irsaTrustProblems, permissionPolicies, trustPolicies, wildcardActions } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth } from '../support/synth';

const LB = ['10.0.0.0/24'];
const ANN = 'alb.ingress.kubernetes.io/';
const ISSUER = 'https://login.example.com';
const OIDC = {
  issuer: ISSUER,
  authorizationEndpoint: 'https://login.example.com/authorize',
  tokenEndpoint: 'https://login.example.com/oauth/token',
  userInfoEndpoint: 'https://login.example.com/userinfo',
  clientId: 'shop-web',
};
const POOL = 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbC123';

/** A platform with EKS Pod Identity (the default); `issuer: false` leaves the cluster's OIDC issuer out. */
function platformOf(issuer = true): Platform {
  return newPlatform({ loadBalancerSourceCidrs: LB, ...(issuer ? {} : { cluster: EksCluster.fromAttributes({ clusterName: 'test-eks' }) }) });
}

type AuthOf = EdgeAuthentication | ((p: Platform) => EdgeAuthentication) | undefined;

function exposeWith(authentication: AuthOf, scheme = LoadBalancerScheme.INTERNET_FACING, identity?: WorkloadIdentity) {
  const platform = identity ? newPlatform({ loadBalancerSourceCidrs: LB, workloadIdentity: identity }) : platformOf();
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  const auth = typeof authentication === 'function' ? authentication(platform) : authentication;
  web.expose({ host: 'shop.example.com', scheme, authentication: auth });
  return { platform, web, out: synth(platform.node.scope as SecureApp) };
}

describe('EdgeAuthentication.oidc at the AWS Load Balancer Controller', () => {
  const { out } = exposeWith(p => EdgeAuthentication.oidc({
    ...OIDC, clientSecret: new ManagedSecret(p, 'web-oidc'), scope: ['openid', 'email'], sessionTimeout: Duration.hours(1),
  }));
  const ingress = objectOf(out, 'Ingress', 'web', 'web');
  const a = ingress.metadata.annotations;

  test('the Ingress authenticates with OIDC, naming the Secret the controller reads', () => {
    expect(a[`${ANN}auth-type`]).toBe('oidc');
    expect(JSON.parse(a[`${ANN}auth-idp-oidc`])).toEqual({
      issuer: ISSUER,
      authorizationEndpoint: OIDC.authorizationEndpoint,
      tokenEndpoint: OIDC.tokenEndpoint,
      userInfoEndpoint: OIDC.userInfoEndpoint,
      secretName: 'web-oidc-client',
    });
    expect(a[`${ANN}auth-scope`]).toBe('openid email');
    expect(a[`${ANN}auth-session-timeout`]).toBe('3600');
    expect(a[`${ANN}auth-on-unauthenticated-request`]).toBe('authenticate');
  });

  test('no Secret is written: External Secrets Operator creates it from Secrets Manager at runtime', () => {
    expect(objectsOf(out, 'Secret')).toEqual([]);
    const es = objectOf(out, 'ExternalSecret', 'web-oidc-client', 'web');
    expect(es.spec.target).toMatchObject({ name: 'web-oidc-client', creationPolicy: 'Owner' });
    expect(es.spec.target.template.data).toEqual({ clientID: 'shop-web', clientSecret: '{{ .clientSecret }}' });
    expect(es.spec.data).toEqual([{ secretKey: 'clientSecret', remoteRef: { key: 'test/web-oidc' } }]);
    const store = objectOf(out, 'SecretStore', 'web-oidc-client', 'web');
    expect(store.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'web-oidc-client' } } });
    const sa = objectOf(out, 'ServiceAccount', 'web-oidc-client', 'web');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/test-web-web-oidc-client');
  });

  test('the controller may read exactly that Secret, in that namespace', () => {
    const role = objectOf(out, 'Role', 'web-oidc-client', 'web');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['web-oidc-client'], verbs: ['get', 'list', 'watch'] }]);
    const binding = objectOf(out, 'RoleBinding', 'web-oidc-client', 'web');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web-oidc-client' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', namespace: 'kube-system', name: 'aws-load-balancer-controller' }]);
    expect(objectsOf(out, 'ClusterRole')).toEqual([]);
  });

  test('the reader role reads only the client secret, through an IRSA trust for its ServiceAccount', () => {
    const trust = trustPolicies(out).find(d => d.config.name === 'test-web-web-oidc-client')!;
    expect(irsaTrustProblems(trust.document, {
      account: '111122223333', namespace: 'web', serviceAccount: 'web-oidc-client', issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    })).toEqual([]);
    const policies = permissionPolicies(out).filter(d => String(d.config.role).includes(trust.name));
    expect(policies).toHaveLength(1);
    const policy = policies[0];
    expect(actionsOf(policy.document).sort()).toEqual(['kms:Decrypt', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(wildcardActions(policy.document)).toEqual([]);
    const sm = policy.document.Statement.find(s => JSON.stringify(s.Action).includes('secretsmanager'))!;
    expect(String(sm.Resource)).toMatch(/aws_secretsmanager_secret\.[A-Za-z0-9_]*web-oidc[A-Za-z0-9_]*\.arn/);
  });

  test('simulation: the reader gets the client secret and decrypts it through Secrets Manager only, nothing else', async () => {
    const tf = out.terraform.test;
    const policy = rolePolicy(out, 'test', 'test-web-web-oidc-client');
    const secret = arnOf(tf, 'aws_secretsmanager_secret', 'name', 'test/web-oidc');
    const role = 'test-web-web-oidc-client';
    expect(await decide(policy, role, 'secretsmanager:GetSecretValue', secret)).toBe('Allowed');
    expect(await decide(policy, role, 'secretsmanager:GetSecretValue', secret.replace('web-oidc', 'orders-db'))).toBe('ImplicitlyDenied');
    expect(await decide(policy, role, 'secretsmanager:PutSecretValue', secret)).toBe('ImplicitlyDenied');
    const [platformKey] = Object.entries<any>(tf.resource.aws_kms_key).find(([, c]) => c.description.startsWith('Platform key'))!;
    const key = concreteArns(tf).get(`\${aws_kms_key.${platformKey}.arn}`)!;
    // KMS also needs the key policy, which delegates to IAM for the account.
    const keyPolicy = JSON.parse(tf.resource.aws_kms_key[platformKey].policy);
    const via = { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:EncryptionContext:SecretARN': secret };
    const decrypt = (context: Record<string, string>) => decide(policy, role, 'kms:Decrypt', key, context, keyPolicy);
    expect(await decrypt(via)).toBe('Allowed');
    expect(await decrypt({ ...via, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' })).toBe('ImplicitlyDenied');
    expect(await decrypt({ ...via, 'kms:EncryptionContext:SecretARN': secret.replace('web-oidc', 'orders-db') })).toBe('ImplicitlyDenied');
  });

  test('every IAM document uses catalog actions only, without wildcards', async () => {
    expect(await iamProblems(out)).toEqual([]);
  });

  test('the reader has no Pod Identity association: only the operator, through IRSA, assumes it', () => {
    expect(resourcesOf(out, 'aws_eks_pod_identity_association').map(([, , c]) => c.service_account)).not.toContain('web-oidc-client');
  });

  test('the same with IRSA as the platform\'s workload identity', () => {
    const irsa = exposeWith(p => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 'web-oidc') }), LoadBalancerScheme.INTERNET_FACING, WorkloadIdentity.irsa()).out;
    const trust = trustPolicies(irsa).find(d => d.config.name === 'test-web-web-oidc-client')!;
    expect(irsaTrustProblems(trust.document, {
      account: '111122223333', namespace: 'web', serviceAccount: 'web-oidc-client', issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    })).toEqual([]);
  });

  test('every object is valid against the Kubernetes schema and the vendored CRDs', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

describe('other choices', () => {
  test('Cognito: auth-type cognito and the user pool', () => {
    const { out } = exposeWith(EdgeAuthentication.cognito({ userPoolArn: POOL, userPoolClientId: 'abc123', userPoolDomain: 'shop-login', onUnauthenticated: UnauthenticatedAction.DENY }));
    const a = objectOf(out, 'Ingress', 'web', 'web').metadata.annotations;
    expect(a[`${ANN}auth-type`]).toBe('cognito');
    expect(JSON.parse(a[`${ANN}auth-idp-cognito`])).toEqual({ userPoolARN: POOL, userPoolClientID: 'abc123', userPoolDomain: 'shop-login' });
    expect(a[`${ANN}auth-on-unauthenticated-request`]).toBe('deny');
    expect(a[`${ANN}auth-session-timeout`]).toBe('28800');
    expect(a[`${ANN}auth-scope`]).toBe('openid');
    expect(objectsOf(out, 'ExternalSecret')).toEqual([]);
  });

  test('JWT: the controller validates signature, issuer and audience', () => {
    const { out } = exposeWith(EdgeAuthentication.jwt({ issuer: ISSUER, jwksUri: `${ISSUER}/.well-known/jwks.json`, audiences: ['shop-api'] }));
    const a = objectOf(out, 'Ingress', 'web', 'web').metadata.annotations;
    expect(JSON.parse(a[`${ANN}jwt-validation`])).toEqual({
      jwksEndpoint: `${ISSUER}/.well-known/jwks.json`,
      issuer: ISSUER,
      additionalClaims: [{ name: 'aud', format: 'single-string', values: ['shop-api'] }],
    });
    expect(a[`${ANN}auth-type`]).toBeUndefined();
  });

  test('anonymous: the reason is on the Ingress as an opt-out, and the report lists the finding it covers', () => {
    const { out, platform } = exposeWith(EdgeAuthentication.anonymous('public product pages, no personal data'));
    const a = objectOf(out, 'Ingress', 'web', 'web').metadata.annotations;
    expect(a['opt-out.secure-constructs.io/edge-authentication']).toBe('public product pages, no personal data');
    expect(Object.keys(a).filter(k => k.startsWith(`${ANN}auth-`))).toEqual([]);
    const report = (platform.node.scope as SecureApp).policyReport!;
    const covered = report.findings.filter(f => f.ruleId === 'X-012');
    expect(covered.map(f => [f.suppressed, f.suppressionReason, f.suppressedBy])).toEqual([[true, 'public product pages, no personal data', 'opt-out:edge-authentication']]);
  });

  test('internal exposure needs no authentication', () => {
    const { out } = exposeWith(undefined, LoadBalancerScheme.INTERNAL);
    const a = objectOf(out, 'Ingress', 'web', 'web').metadata.annotations;
    expect(Object.keys(a).filter(k => k.includes('auth') || k.includes('jwt'))).toEqual([]);
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  const expose = (authentication: unknown, { scheme = LoadBalancerScheme.INTERNET_FACING, issuer = true } = {}) => {
    const platform = platformOf(issuer);
    const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
    const auth = typeof authentication === 'function' ? (authentication as (p: Platform) => unknown)(platform) : authentication;
    return () => web.expose({ host: 'shop.example.com', scheme, authentication: auth as EdgeAuthentication });
  };
  const oidc = (extra: object) => (p: Platform) => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 'web-oidc'), ...extra } as any);
  const property = 'expose(options.authentication)';

  test('internet-facing without authentication lists the choices', () => {
    const e = expectConfigError(expose(undefined), { path: 'test/web', property, received: undefined });
    for (const choice of ['EdgeAuthentication.oidc', 'EdgeAuthentication.cognito', 'EdgeAuthentication.jwt', 'EdgeAuthentication.anonymous']) expect(e.fix).toContain(choice);
  });
  test('not an EdgeAuthentication', () => {
    expectConfigError(expose({ mode: 'oidc' }), { path: 'test/web', property, received: { mode: 'oidc' } });
  });
  test.each([
    ['issuer', 'login.example.com'],
    ['issuer', 'http://login.example.com'],
    ['authorizationEndpoint', 'http://login.example.com/authorize'],
    ['tokenEndpoint', 'ftp://login.example.com/token'],
    ['userInfoEndpoint', 42],
    ['clientId', ''],
    ['clientId', 'has space'],
    ['clientId', '{{ .x }}'],
    ['scope', []],
    ['scope', ['email']],
    ['scope', ['open id']],
    ['sessionTimeout', Duration.days(8)],
    ['sessionTimeout', 3600],
    ['onUnauthenticated', 'allow'],
  ])('OIDC %s = %j', (key, value) => {
    expectConfigError(expose(oidc({ [key]: value })), { path: 'test/web', property: `${property}.${key}`, received: value });
  });
  test('OIDC client secret that is not a ManagedSecret', () => {
    expectConfigError(expose(EdgeAuthentication.oidc({ ...OIDC, clientSecret: 'hunter2' as any })), { path: 'test/web', property: `${property}.clientSecret`, received: 'hunter2' });
  });
  test('OIDC on a cluster without an OIDC issuer: External Secrets Operator needs IRSA for its reader', () => {
    const e = expectConfigError(expose(oidc({}), { issuer: false }), { path: 'test/web', property: `${property}.clientSecret`, received: 'test/web-oidc' });
    expect(e.fix).toContain('oidcIssuerUrl');
  });
  test.each([
    ['userPoolArn', 'arn:aws:cognito-idp:eu-west-1:111122223333:pool/x'],
    ['userPoolArn', 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123'],
    ['userPoolArn', 'arn:aws:cognito-idp:eu-west-1:444455556666:userpool/eu-west-1_AbC123'],
    ['userPoolClientId', 'ABC!'],
    ['userPoolDomain', 'Shop Login'],
  ])('Cognito %s = %j', (key, value) => {
    const auth = EdgeAuthentication.cognito({ userPoolArn: POOL, userPoolClientId: 'abc123', userPoolDomain: 'shop-login', [key]: value } as any);
    expectConfigError(expose(auth), { path: 'test/web', property: `${property}.${key}`, received: value });
  });
  test.each([
    ['issuer', 'not a url'],
    ['jwksUri', 'http://login.example.com/jwks.json'],
    ['audiences', []],
    ['audiences', undefined],
  ])('JWT %s = %j', (key, value) => {
    const auth = EdgeAuthentication.jwt({ issuer: ISSUER, jwksUri: `${ISSUER}/jwks.json`, audiences: ['a'], [key]: value } as any);
    expectConfigError(expose(auth), { path: 'test/web', property: `${property}.${key}`, received: value });
  });
  test('JWT audience with a space', () => {
    const auth = EdgeAuthentication.jwt({ issuer: ISSUER, jwksUri: `${ISSUER}/jwks.json`, audiences: ['a b'] });
    expectConfigError(expose(auth), { path: 'test/web', property: `${property}.audiences[0]`, received: 'a b' });
  });
  test('JWT with several audiences at the load balancer names the exposures that can enforce them', () => {
    const auth = EdgeAuthentication.jwt({ issuer: ISSUER, jwksUri: `${ISSUER}/jwks.json`, audiences: ['a', 'b'] });
    const e = expectConfigError(expose(auth), { path: 'test/web', property: `${property}.audiences`, received: ['a', 'b'] });
    expect(e.fix).toContain('mesh');
    expect(e.fix).toContain('Gateway API');
  });
  test.each([[''], ['too short'], [undefined]])('anonymous reason %j', reason => {
    expectConfigError(expose(EdgeAuthentication.anonymous(reason as any)), { path: 'test/web', property: `${property}.reason`, received: reason });
  });
});
