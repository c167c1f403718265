import { ALB_OIDC_SECRET_EXTERNAL } from './alb-oidc-secret-external';
import { CSI_SECRET_GRANTED } from './csi-secret-granted';
import { CSI_SECRET_PROVIDER_CLASS_EXISTS } from './csi-secret-provider-class-exists';
import { DEFAULT_DENY_NETWORK_POLICY } from './default-deny-network-policy';
import { EDGE_AUTHENTICATION_REQUIRED } from './edge-authentication-required';
import { EDGE_WEB_ACL_REQUIRED } from './edge-web-acl-required';
import { EXPOSED_HOP_TLS } from './exposed-hop-tls';
import { GATEWAY_ROUTE_RATE_LIMITED, GATEWAY_ROUTE_REQUEST_SIZE_LIMITED } from './gateway-route-limits';
import { JWT_RULES_SCOPED } from './jwt-rules-scoped';
import { NO_ALLOW_ALL_AUTHORIZATION_EXPOSED } from './no-allow-all-authorization-exposed';
import { NO_ALLOW_ALL_NETWORK_RULES } from './no-allow-all-network-rules';
import { NO_PLAINTEXT_SECRETS } from './no-plaintext-secrets';
import { POD_IDENTITY_TRUST_MATCHES } from './pod-identity-trust-matches';
import { ROLE_ARN_ANNOTATION_RESOLVES } from './role-arn-annotation-resolves';
import { ROLE_SERVICE_ACCOUNT_EXISTS } from './role-service-account-exists';
import { SERVICE_LOGS_SHIPPED } from './service-logs-shipped';
import { SERVICE_PORT_TLS } from './service-port-tls';
import { SERVICE_PROMETHEUS_RULES, SERVICE_SCRAPED_OVER_TLS } from './service-prometheus-monitoring';
import { SERVICE_SECURITY_ALARMS, SERVICE_SECURITY_FILTERS } from './service-security-monitoring';
import { IRule } from '../../model';

/** The cross-cutting pack: rules over the wiring between Kubernetes objects and AWS resources. */
export const CROSS_CUTTING_RULES: IRule[] = [
  DEFAULT_DENY_NETWORK_POLICY,
  ROLE_SERVICE_ACCOUNT_EXISTS,
  ROLE_ARN_ANNOTATION_RESOLVES,
  CSI_SECRET_PROVIDER_CLASS_EXISTS,
  CSI_SECRET_GRANTED,
  NO_PLAINTEXT_SECRETS,
  SERVICE_PORT_TLS,
  POD_IDENTITY_TRUST_MATCHES,
  NO_ALLOW_ALL_NETWORK_RULES,
  SERVICE_LOGS_SHIPPED,
  EXPOSED_HOP_TLS,
  EDGE_AUTHENTICATION_REQUIRED,
  EDGE_WEB_ACL_REQUIRED,
  JWT_RULES_SCOPED,
  NO_ALLOW_ALL_AUTHORIZATION_EXPOSED,
  ALB_OIDC_SECRET_EXTERNAL,
  SERVICE_SECURITY_FILTERS,
  SERVICE_SECURITY_ALARMS,
  SERVICE_PROMETHEUS_RULES,
  SERVICE_SCRAPED_OVER_TLS,
  GATEWAY_ROUTE_RATE_LIMITED,
  GATEWAY_ROUTE_REQUEST_SIZE_LIMITED,
];
