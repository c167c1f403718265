import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct } from 'constructs';
import { EdgeAuthentication, EdgeAuthenticationMode, UnauthenticatedAction } from './edge-authentication';
import { createWorkloadRole } from '../aws/iam';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';
import { lazyModule } from '../core/lazy-module';
import { fitName } from '../core/names';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import { mergeStatements } from '../identity/policy-merge';
import { PolicyStatement } from '../identity/policy-statement';
import { roleArn, workloadRoleName } from '../identity/workload-role';
import type * as ExternalSecrets from '../imports/external-secrets.io';
import { keyViaService } from '../kms/key-grants';
import type { ServiceWorkload } from '../workload/service-workload';

/** External Secrets Operator's bindings (about 80 ms to load), loaded when an exposure uses OIDC. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const externalSecrets = lazyModule<typeof ExternalSecrets>(() => require('../imports/external-secrets.io'));

/** The opt-out control that `EdgeAuthentication.anonymous(reason)` records on a route. */
export const EDGE_AUTHENTICATION_CONTROL = 'edge-authentication';
/** Annotation prefix of the AWS Load Balancer Controller. */
const ALB = 'alb.ingress.kubernetes.io/';
/**
 * Namespace and name of the AWS Load Balancer Controller's ServiceAccount (its Helm chart's
 * defaults), which reads the OIDC client's Secret.
 */
export const ALB_CONTROLLER_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'aws-load-balancer-controller' };

/** Whether the exposure is reachable from the internet (authentication is then required). */
export interface EdgeAuthenticationContext {
  readonly internetFacing: boolean;
  /** The property named in errors. */
  readonly property: string;
  /**
   * The choices the exposure's controller can enforce, for error messages.
   * @default AUTHENTICATION_CHOICES
   */
  readonly choices?: string;
}

/** The options an internet-facing exposure may choose from, for error messages. */
export const AUTHENTICATION_CHOICES = 'EdgeAuthentication.oidc({ issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret }), '
  + 'EdgeAuthentication.cognito({ userPoolArn, userPoolClientId, userPoolDomain }), EdgeAuthentication.jwt({ issuer, jwksUri, audiences }) '
  + "or EdgeAuthentication.anonymous('<why anyone may call>')";

/**
 * Validates the authentication of an exposure: required when internet-facing, an
 * `EdgeAuthentication` when given. Returns it (undefined for an internal exposure without one).
 */
export function resolveEdgeAuthentication(workload: ServiceWorkload, auth: unknown,
  context: EdgeAuthenticationContext): EdgeAuthentication | undefined {
  if (auth === undefined || auth === null) {
    if (context.internetFacing) {
      fail(workload.service, context.property, auth, 'an internet-facing exposure must say who may call: without authentication anyone on the internet reaches the service',
        `pass authentication: ${context.choices ?? AUTHENTICATION_CHOICES}`);
    }
    return undefined;
  }
  if (!(auth instanceof EdgeAuthentication)) {
    fail(workload.service, context.property, auth, 'not an EdgeAuthentication', `use ${context.choices ?? AUTHENTICATION_CHOICES}`);
  }
  auth._validate(workload.service, context.property, workload.platform);
  return auth;
}

/**
 * The AWS Load Balancer Controller annotations (and, for OIDC, the objects) that make the
 * load balancer authenticate every request before it reaches the service:
 *
 * - OIDC: `auth-type: oidc`, `auth-idp-oidc` (endpoints and the name of the client's Secret),
 *   `auth-scope`, `auth-session-timeout`, `auth-on-unauthenticated-request`; plus the objects of
 *   {@link addOidcClientSecret}.
 * - Cognito: `auth-type: cognito`, `auth-idp-cognito` and the same session annotations.
 * - JWT: `jwt-validation` (JWKS endpoint, issuer, and the audience as an additional `aud` claim).
 * - Anonymous: `opt-out.secure-constructs.io/edge-authentication` with the reason.
 *
 * The annotations apply to the Ingress's HTTPS listener (the only listener the library writes).
 */
export function edgeAuthenticationForAlb(workload: ServiceWorkload, auth: EdgeAuthentication, property: string): { [key: string]: string } {
  switch (auth.mode) {
    case EdgeAuthenticationMode.OIDC: {
      const o = auth._oidc;
      const secretName = addOidcClientSecret(workload, auth, property);
      return {
        [`${ALB}auth-type`]: 'oidc',
        [`${ALB}auth-idp-oidc`]: JSON.stringify({
          issuer: o.issuer,
          authorizationEndpoint: o.authorizationEndpoint,
          tokenEndpoint: o.tokenEndpoint,
          userInfoEndpoint: o.userInfoEndpoint,
          secretName,
        }),
        ...sessionAnnotations(auth),
      };
    }
    case EdgeAuthenticationMode.COGNITO: {
      const o = auth._cognito;
      return {
        [`${ALB}auth-type`]: 'cognito',
        [`${ALB}auth-idp-cognito`]: JSON.stringify({ userPoolARN: o.userPoolArn, userPoolClientID: o.userPoolClientId, userPoolDomain: o.userPoolDomain }),
        ...sessionAnnotations(auth),
      };
    }
    case EdgeAuthenticationMode.JWT: {
      const o = auth._jwt;
      if (o.audiences.length !== 1) {
        fail(workload.service, `${property}.audiences`, o.audiences, 'the load balancer\'s JWT validation compares `aud` with one configured value; with several audiences its matching of a token that carries one of them is not documented, so the check could reject valid tokens or accept others',
          'use one audience at the load balancer, or enforce several through the mesh (its ingress: RequestAuthentication with audiences) or a Gateway API implementation with a typed JWT policy (Envoy Gateway SecurityPolicy)');
      }
      return {
        [`${ALB}jwt-validation`]: JSON.stringify({
          jwksEndpoint: o.jwksUri,
          issuer: o.issuer,
          additionalClaims: [{ name: 'aud', format: 'single-string', values: [o.audiences[0]] }],
        }),
      };
    }
    case EdgeAuthenticationMode.ANONYMOUS:
      return { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_AUTHENTICATION_CONTROL}`]: auth._reason.trim() };
    default:
      return fail(workload.service, property, auth.mode, 'not an EdgeAuthentication mode', `use ${AUTHENTICATION_CHOICES}`);
  }
}

function sessionAnnotations(auth: EdgeAuthentication): { [key: string]: string } {
  const o = auth._options;
  return {
    [`${ALB}auth-scope`]: (o.scope ?? ['openid']).join(' '),
    [`${ALB}auth-session-timeout`]: String(auth._sessionTimeoutSeconds),
    [`${ALB}auth-on-unauthenticated-request`]: o.onUnauthenticated ?? UnauthenticatedAction.AUTHENTICATE,
  };
}

/** Who reads the OIDC client's Kubernetes Secret, and in which shape. */
export interface OidcSecretDelivery {
  /** The Secret's data keys and their templates (`{{ .clientSecret }}` is the secret's value). */
  readonly data: (clientId: string) => { [key: string]: string };
  /**
   * The controller's ServiceAccount, given a Role and RoleBinding for exactly this Secret.
   * Undefined when the controller reads Secrets through its own ClusterRole.
   */
  readonly reader?: { readonly namespace: string; readonly name: string };
}

/** The AWS Load Balancer Controller's shape: keys `clientID` and `clientSecret`, read by its ServiceAccount. */
export const ALB_OIDC_SECRET: OidcSecretDelivery = {
  data: clientId => ({ clientID: clientId, clientSecret: '{{ .clientSecret }}' }),
  reader: ALB_CONTROLLER_SERVICE_ACCOUNT,
};

/**
 * Delivers the OIDC client's credentials to the AWS Load Balancer Controller without writing
 * them: a ServiceAccount `<service>-oidc-client` (no token mounted anywhere) whose IAM role (IRSA, for
 * exactly that ServiceAccount) may read exactly the client secret in Secrets Manager (and decrypt it only through Secrets
 * Manager), a `SecretStore` that authenticates as it, an `ExternalSecret` that the operator turns
 * into the Kubernetes Secret `<service>-oidc-client` (keys `clientID` and `clientSecret`, the
 * shape the controller reads) at runtime, and a Role and RoleBinding that let the controller's
 * ServiceAccount get exactly that Secret. Returns the Secret's name.
 */
export function addOidcClientSecret(workload: ServiceWorkload, auth: EdgeAuthentication, property: string,
  delivery: OidcSecretDelivery = ALB_OIDC_SECRET): string {
  const { platform } = workload;
  const o = auth._oidc;
  const issuer = platform.cluster.oidcIssuerUrl;
  if (issuer === undefined) {
    fail(workload.service, `${property}.clientSecret`, o.clientSecret.node.path, 'External Secrets Operator reads the client secret as a dedicated ServiceAccount with a web identity token (IRSA), which needs the cluster\'s OIDC issuer; EKS Pod Identity cannot serve a ServiceAccount the operator only borrows, and the operator\'s own role would be broader',
      "pass EksCluster.fromAttributes({ clusterName, oidcIssuerUrl: 'https://oidc.eks.<region>.amazonaws.com/id/<ID>' }) (services may keep EKS Pod Identity), or use EdgeAuthentication.cognito(...) (the load balancer keeps the Cognito client secret itself)");
  }
  if (o.clientSecret.platform !== platform) {
    fail(workload.service, `${property}.clientSecret`, o.clientSecret.node.path, `the secret belongs to platform "${o.clientSecret.platform.node.path}"`, 'use a ManagedSecret of the exposed service\'s platform');
  }
  const name = fitName(`${workload.name}-oidc-client`, 63);
  const scope = new Construct(workload.kubernetesScope, 'EdgeAuthentication');
  const metadata = workload.metadata(name);
  const es = externalSecrets();

  // The reader's role trusts the cluster's OIDC provider for exactly this ServiceAccount (IRSA),
  // whatever the platform's workload identity: the operator exchanges the ServiceAccount's token.
  const roleName = workloadRoleName(platform, { name, namespace: workload.namespace, serviceAccount: name });
  const role = { roleArn: roleArn(platform, roleName) };
  const host = issuer.replace(/^https:\/\//, '');
  const statements = [
    new PolicyStatement({ actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: [o.clientSecret.secretArn] }),
    keyViaService(platform, ['kms:Decrypt'], 'secretsmanager', { SecretARN: o.clientSecret.secretArn }),
  ];
  createWorkloadRole(new Construct(workload.terraformScope(), 'EdgeAuthentication'), {
    roleName,
    description: `Reads the OIDC client secret of ${workload.namespace}/${workload.name} for External Secrets Operator (secure-constructs)`,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'IrsaServiceAccountOnly',
        Effect: 'Allow',
        Principal: { Federated: `arn:${platform.partition}:iam::${platform.account}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: `system:serviceaccount:${workload.namespace}:${name}` } },
      }],
    },
    permissions: () => ({ Version: '2012-10-17', Statement: mergeStatements(statements.map(st => st.toJson())) }),
  });

  kubeObject(scope, 'ServiceAccount', k8s.KubeServiceAccount, {
    metadata: { ...metadata, annotations: { ...metadata.annotations, 'eks.amazonaws.com/role-arn': role.roleArn } },
    automountServiceAccountToken: false,
  });
  kubeObject(scope, 'SecretStore', es.SecretStore, {
    metadata,
    spec: {
      provider: {
        aws: {
          service: es.SecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: platform.region,
          auth: { jwt: { serviceAccountRef: { name } } },
        },
      },
    },
  });
  kubeObject(scope, 'ExternalSecret', es.ExternalSecret, {
    metadata,
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: es.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE, name },
      target: {
        name,
        creationPolicy: es.ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: es.ExternalSecretSpecTargetDeletionPolicy.DELETE,
        template: { engineVersion: es.ExternalSecretSpecTargetTemplateEngineVersion.V2, data: delivery.data(o.clientId) },
      },
      data: [{ secretKey: 'clientSecret', remoteRef: { key: o.clientSecret.secretsManagerName } }],
    },
  });
  const reader = delivery.reader;
  if (reader) {
    kubeObject(scope, 'Role', k8s.KubeRole, {
      metadata,
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [name], verbs: ['get', 'list', 'watch'] }],
    });
    kubeObject(scope, 'RoleBinding', k8s.KubeRoleBinding, {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', namespace: reader.namespace, name: reader.name }],
    });
  }
  return name;
}
