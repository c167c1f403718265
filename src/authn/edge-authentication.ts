import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH } from '../core/opt-out';
import { ManagedSecret } from '../secrets/managed-secret';

/** Which kind of end-user authentication an exposure enforces. */
export enum EdgeAuthenticationMode {
  /** OpenID Connect login at the load balancer (browser sessions). */
  OIDC = 'oidc',
  /** Amazon Cognito user pool login at the load balancer (browser sessions). */
  COGNITO = 'cognito',
  /** Bearer JWTs (APIs), verified against the issuer's JWKS. */
  JWT = 'jwt',
  /** No authentication, explicitly, with a reason. */
  ANONYMOUS = 'anonymous',
}

/** What the load balancer does with a request that has no valid session. */
export enum UnauthenticatedAction {
  /** Redirect to the identity provider's login (browsers). */
  AUTHENTICATE = 'authenticate',
  /** Answer 401 Unauthorized (API clients that cannot follow a login). */
  DENY = 'deny',
}

/** Session settings shared by OIDC and Cognito. */
export interface EdgeSessionOptions {
  /**
   * Scopes requested from the identity provider.
   *
   * @default ['openid']
   */
  readonly scope?: string[];
  /**
   * How long an authenticated session lasts (1 second to 7 days).
   *
   * @default Duration.hours(8)
   */
  readonly sessionTimeout?: Duration;
  /**
   * What happens to a request without a valid session. `allow` (pass unauthenticated requests
   * to the service) is not offered: use `EdgeAuthentication.anonymous(reason)` for public pages.
   *
   * @default UnauthenticatedAction.AUTHENTICATE
   */
  readonly onUnauthenticated?: UnauthenticatedAction;
}

/** Options of {@link EdgeAuthentication.oidc}. */
export interface OidcAuthenticationOptions extends EdgeSessionOptions {
  /** The issuer (an https URL), exactly as in the provider's discovery document. */
  readonly issuer: string;
  /** The authorization endpoint (https). */
  readonly authorizationEndpoint: string;
  /** The token endpoint (https). */
  readonly tokenEndpoint: string;
  /** The user info endpoint (https). */
  readonly userInfoEndpoint: string;
  /** The OAuth 2.0 client id registered for the load balancer. */
  readonly clientId: string;
  /**
   * The client secret, held in Secrets Manager (its value is the secret string itself). External
   * Secrets Operator copies it into a Kubernetes Secret at runtime; it never appears in the output.
   */
  readonly clientSecret: ManagedSecret;
}

/** Options of {@link EdgeAuthentication.cognito}. */
export interface CognitoAuthenticationOptions extends EdgeSessionOptions {
  /** ARN of the user pool (the platform's partition, region and account). */
  readonly userPoolArn: string;
  /** Id of the user pool's app client (with a client secret, as the load balancer needs). */
  readonly userPoolClientId: string;
  /** The user pool's domain prefix (e.g. `shop-login`), or a custom domain name. */
  readonly userPoolDomain: string;
}

/** Options of {@link EdgeAuthentication.jwt}. */
export interface JwtAuthenticationOptions {
  /** The token issuer (`iss`), an https URL. */
  readonly issuer: string;
  /** The https URL of the issuer's JSON Web Key Set. */
  readonly jwksUri: string;
  /** Accepted audiences (`aud`): at least one. */
  readonly audiences: string[];
}

const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~!$&'()*+,;=:@%\/-]*)?(\?[A-Za-z0-9._~!$&'()*+,;=:@%\/?-]*)?$/;
const CLIENT_ID = /^[\x21-\x7a\x7c\x7e]{1,256}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const USER_POOL_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
/** Default session length at the load balancer: a working day (the controller's own default is 7 days). */
export const DEFAULT_SESSION_TIMEOUT_SECONDS = 8 * 3600;
const MAX_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** What an account-scoped check needs to know about the platform. */
export interface AuthenticationPlatform {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** Validates an https URL. */
export function validateHttpsUrl(scope: IConstruct, property: string, value: unknown): string {
  if (typeof value !== 'string' || !HTTPS_URL.test(value)) {
    fail(scope, property, value, typeof value === 'string' && value.startsWith('http://')
      ? 'not an https URL: tokens, keys and codes would travel in clear text and could be replaced on the way'
      : 'not an https URL', "use the provider's https URL, e.g. 'https://login.example.com/.well-known/jwks.json'");
  }
  return value;
}

/**
 * Who may call an exposed service: end users signed in at the edge (OIDC, Cognito), API clients
 * with a bearer JWT, or, explicitly and with a reason, anyone.
 *
 * Internet-facing exposure requires a choice; `anonymous(reason)` records the reason on the
 * route (`opt-out.secure-constructs.io/edge-authentication`) and in the policy report.
 *
 * @example
 * web.expose({ host: 'shop.example.com', scheme: LoadBalancerScheme.INTERNET_FACING,
 *   authentication: EdgeAuthentication.oidc({ issuer: 'https://login.example.com', ..., clientSecret }) });
 */
export class EdgeAuthentication {
  /**
   * OpenID Connect login at the load balancer (AWS Load Balancer Controller `auth-type: oidc`).
   * The client secret reaches the controller through External Secrets Operator: the library
   * writes a `SecretStore` and an `ExternalSecret` (authenticating as a dedicated ServiceAccount
   * whose IAM role reads exactly this secret, trusted through the cluster's OIDC issuer, so the
   * cluster needs `oidcIssuerUrl`; services may keep EKS Pod Identity) and a Role and
   * RoleBinding that let the controller's ServiceAccount read exactly that Kubernetes Secret. With
   * the Gateway API, Envoy Gateway's `SecurityPolicy` signs users in (the same secret delivery,
   * key `client-secret`, no Role: Envoy Gateway reads Secrets itself); other implementations refuse it.
   */
  public static oidc(options: OidcAuthenticationOptions): EdgeAuthentication {
    return new EdgeAuthentication(EdgeAuthenticationMode.OIDC, options);
  }

  /** Amazon Cognito login at the load balancer (`auth-type: cognito`); the AWS Load Balancer Controller only. */
  public static cognito(options: CognitoAuthenticationOptions): EdgeAuthentication {
    return new EdgeAuthentication(EdgeAuthenticationMode.COGNITO, options);
  }

  /**
   * Bearer JWTs for APIs: signature checked against `jwksUri`, `iss` against `issuer` and `aud`
   * against `audiences`; requests without a valid token are rejected. Enforced by the AWS Load
   * Balancer Controller's `jwt-validation` (one audience), by Envoy Gateway's `SecurityPolicy`
   * (Gateway API) and by the mesh (`RequestAuthentication` plus an `AuthorizationPolicy` requiring
   * a request principal), for Istio's gateway; refused where nothing would enforce it.
   */
  public static jwt(options: JwtAuthenticationOptions): EdgeAuthentication {
    return new EdgeAuthentication(EdgeAuthenticationMode.JWT, options);
  }

  /**
   * No authentication: anyone may call. The reason (at least 10 characters) is written on the
   * route as `opt-out.secure-constructs.io/edge-authentication` and listed in the policy report.
   */
  public static anonymous(reason: string): EdgeAuthentication {
    return new EdgeAuthentication(EdgeAuthenticationMode.ANONYMOUS, { reason });
  }

  /** Which kind of authentication. */
  public readonly mode: EdgeAuthenticationMode;
  /** @internal */
  public readonly _options: any;

  private constructor(mode: EdgeAuthenticationMode, options: any) {
    this.mode = mode;
    this._options = options;
  }

  /**
   * The OIDC options, in that mode.
   * @internal
   */
  public get _oidc(): OidcAuthenticationOptions { return this._options; }
  /** @internal */
  public get _cognito(): CognitoAuthenticationOptions { return this._options; }
  /** @internal */
  public get _jwt(): JwtAuthenticationOptions { return this._options; }
  /** @internal */
  public get _reason(): string { return this._options.reason; }

  /**
   * Validates the choice for `scope`; `platform` places ARNs.
   * @internal
   */
  public _validate(scope: IConstruct, property: string, platform: AuthenticationPlatform): void {
    const o = this._options;
    if (o === undefined || o === null || typeof o !== 'object') {
      fail(scope, property, o, `EdgeAuthentication.${this.mode}() needs its options`, `pass the options of EdgeAuthentication.${this.mode}({ ... })`);
    }
    switch (this.mode) {
      case EdgeAuthenticationMode.OIDC:
        validateIssuer(scope, `${property}.issuer`, o.issuer);
        for (const key of ['authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint']) validateHttpsUrl(scope, `${property}.${key}`, o[key]);
        if (typeof o.clientId !== 'string' || !CLIENT_ID.test(o.clientId)) {
          fail(scope, `${property}.clientId`, o.clientId, 'not an OAuth client id (1-256 printable characters, no spaces or braces)', 'use the client id the identity provider issued for the load balancer');
        }
        if (!(o.clientSecret instanceof ManagedSecret)) {
          fail(scope, `${property}.clientSecret`, o.clientSecret, 'not a ManagedSecret: the client secret must come from Secrets Manager, never from code or the manifests',
            "pass new ManagedSecret(platform, 'oidc-client-secret') and put its value with `aws secretsmanager put-secret-value`");
        }
        this.validateSession(scope, property);
        return;
      case EdgeAuthenticationMode.COGNITO: {
        const m = typeof o.userPoolArn === 'string' ? USER_POOL_ARN.exec(o.userPoolArn) : null;
        if (!m) {
          fail(scope, `${property}.userPoolArn`, o.userPoolArn, 'not the ARN of a Cognito user pool',
            `use 'arn:${platform.partition}:cognito-idp:${platform.region}:${platform.account}:userpool/${platform.region}_<id>'`);
        }
        if (m[1] !== platform.partition || m[2] !== platform.region || m[3] !== platform.account) {
          fail(scope, `${property}.userPoolArn`, o.userPoolArn, `the user pool is not in the platform's partition, region and account (${platform.partition}, ${platform.region}, ${platform.account})`,
            'use a user pool of the same account and region as the load balancer');
        }
        if (typeof o.userPoolClientId !== 'string' || !/^[a-z0-9]{1,128}$/.test(o.userPoolClientId)) {
          fail(scope, `${property}.userPoolClientId`, o.userPoolClientId, 'not a Cognito app client id (lower-case letters and digits)', 'use the id of the user pool\'s app client');
        }
        if (typeof o.userPoolDomain !== 'string' || o.userPoolDomain.length > 253 || !DOMAIN.test(o.userPoolDomain)) {
          fail(scope, `${property}.userPoolDomain`, o.userPoolDomain, 'not a user pool domain (a prefix such as "shop-login" or a custom domain name)', "use the domain shown in the user pool's App integration tab");
        }
        this.validateSession(scope, property);
        return;
      }
      case EdgeAuthenticationMode.JWT:
        validateJwtSettings(scope, property, o);
        return;
      case EdgeAuthenticationMode.ANONYMOUS:
        if (typeof o.reason !== 'string' || o.reason.trim().length < MIN_REASON_LENGTH) {
          fail(scope, `${property}.reason`, o.reason, `anonymous access needs a reason of at least ${MIN_REASON_LENGTH} characters: it is written into the output and the policy report`,
            "say why anyone may call, e.g. EdgeAuthentication.anonymous('public product pages, no personal data')");
        }
        return;
      default:
        fail(scope, property, this.mode, 'not an EdgeAuthentication mode', 'use EdgeAuthentication.oidc/cognito/jwt/anonymous');
    }
  }

  /** The session timeout in seconds (validated). @internal */
  public get _sessionTimeoutSeconds(): number {
    const t = this._options.sessionTimeout as Duration | undefined;
    return t === undefined ? DEFAULT_SESSION_TIMEOUT_SECONDS : t.toSeconds();
  }

  private validateSession(scope: IConstruct, property: string): void {
    const o = this._options as EdgeSessionOptions;
    if (o.scope !== undefined) {
      if (!Array.isArray(o.scope) || o.scope.length === 0 || !o.scope.every(s => typeof s === 'string' && SCOPE.test(s))) {
        fail(scope, `${property}.scope`, o.scope, 'not a list of OAuth scopes (at least one; each without spaces or quotes)', "use e.g. ['openid', 'email']");
      }
      if (!o.scope.includes('openid')) {
        fail(scope, `${property}.scope`, o.scope, 'OpenID Connect login needs the "openid" scope', "add 'openid', e.g. ['openid', 'email']");
      }
    }
    if (o.sessionTimeout !== undefined) {
      const seconds = o.sessionTimeout instanceof Duration ? o.sessionTimeout.toSeconds() : NaN;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SESSION_TIMEOUT_SECONDS) {
        fail(scope, `${property}.sessionTimeout`, o.sessionTimeout, 'not a Duration of whole seconds from 1 second to 7 days (the load balancer\'s range)', 'use e.g. Duration.hours(8)');
      }
    }
    if (o.onUnauthenticated !== undefined && !Object.values(UnauthenticatedAction).includes(o.onUnauthenticated)) {
      fail(scope, `${property}.onUnauthenticated`, o.onUnauthenticated, 'not an UnauthenticatedAction ("allow" would pass unauthenticated requests: use EdgeAuthentication.anonymous(reason) for that)',
        'use UnauthenticatedAction.AUTHENTICATE (browsers) or UnauthenticatedAction.DENY (APIs)');
    }
  }
}

/** Validates a token issuer: an https URL. */
export function validateIssuer(scope: IConstruct, property: string, issuer: unknown): string {
  return validateHttpsUrl(scope, property, issuer);
}

/** Validates the settings of a JWT requirement: issuer and JWKS https URLs, at least one audience. */
export function validateJwtSettings(scope: IConstruct, property: string, o: any): JwtAuthenticationOptions {
  if (o === undefined || o === null || typeof o !== 'object') {
    fail(scope, property, o, 'a JWT requirement needs its issuer, JWKS URL and audiences', "pass { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/.well-known/jwks.json', audiences: ['shop-api'] }");
  }
  validateIssuer(scope, `${property}.issuer`, o.issuer);
  validateHttpsUrl(scope, `${property}.jwksUri`, o.jwksUri);
  if (!Array.isArray(o.audiences) || o.audiences.length === 0) {
    fail(scope, `${property}.audiences`, o.audiences, 'no audience: a token issued for any other application of the same issuer would be accepted',
      "list the audiences this service accepts, e.g. ['shop-api']");
  }
  o.audiences.forEach((a: unknown, i: number) => {
    if (typeof a !== 'string' || a.length === 0 || a.length > 256 || /\s/.test(a)) {
      fail(scope, `${property}.audiences[${i}]`, a, 'not an audience (1-256 characters without spaces)', "use the audience value your issuer puts in `aud`, e.g. 'shop-api'");
    }
  });
  return o;
}
