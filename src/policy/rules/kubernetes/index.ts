import { APPARMOR_PROFILE } from './apparmor-profile';
import { DEDICATED_SERVICE_ACCOUNT } from './dedicated-service-account';
import { DEFAULT_SERVICE_ACCOUNT_TOKEN } from './default-service-account-token';
import { DROP_ALL_CAPABILITIES } from './drop-all-capabilities';
import { GATEWAY_HTTPS } from './gateway-https';
import { HIGH_UID_GID } from './high-uid-gid';
import { IMAGE_PINNED_BY_DIGEST } from './image-pinned-by-digest';
import { IMAGE_PULL_POLICY_ALWAYS } from './image-pull-policy-always';
import { INGRESS_TLS } from './ingress-tls';
import { LIVENESS_PROBE } from './liveness-probe';
import { MIN_REPLICAS } from './min-replicas';
import { NAMESPACE_POD_SECURITY } from './namespace-pod-security';
import { NO_DEFAULT_NAMESPACE } from './no-default-namespace';
import { NO_HOST_NAMESPACES } from './no-host-namespaces';
import { NO_HOST_PATH } from './no-host-path';
import { NO_HOST_PORT } from './no-host-port';
import { NO_HOST_PROCESS } from './no-host-process';
import { NO_LITERAL_SECRETS } from './no-literal-secrets';
import { NO_NGINX_SNIPPETS } from './no-nginx-snippets';
import { NO_PRIVILEGE_ESCALATION } from './no-privilege-escalation';
import { NO_PRIVILEGED } from './no-privileged';
import { NO_SECRET_ENV } from './no-secret-env';
import { NO_SERVICE_ACCOUNT_TOKEN } from './no-service-account-token';
import { POD_DISRUPTION_BUDGET } from './pod-disruption-budget';
import { PROC_MOUNT_DEFAULT } from './proc-mount';
import { RBAC_NO_ADMIN_BINDING, RBAC_NO_ESCALATION, RBAC_NO_POD_EXEC, RBAC_NO_SECRET_READ, RBAC_NO_WILDCARDS } from './rbac-rules';
import { READ_ONLY_ROOT_FILESYSTEM } from './read-only-root-filesystem';
import { READINESS_PROBE } from './readiness-probe';
import { RESOURCE_REQUESTS_LIMITS } from './resource-requests-limits';
import { RESTRICTED_CAPABILITIES } from './restricted-capabilities';
import { RESTRICTED_VOLUME_TYPES } from './restricted-volume-types';
import { RUN_AS_NON_ROOT } from './run-as-non-root';
import { SAFE_SYSCTLS } from './safe-sysctls';
import { SECCOMP_PROFILE } from './seccomp-profile';
import { SELINUX_OPTIONS } from './selinux-options';
import { TOPOLOGY_SPREAD } from './topology-spread';
import { IRule } from '../../model';

/** The Kubernetes pack, in id order. */
export const KUBERNETES_RULES: IRule[] = [
  RUN_AS_NON_ROOT,
  NO_PRIVILEGED,
  NO_PRIVILEGE_ESCALATION,
  DROP_ALL_CAPABILITIES,
  RESTRICTED_CAPABILITIES,
  SECCOMP_PROFILE,
  NO_HOST_NAMESPACES,
  NO_HOST_PATH,
  NO_HOST_PORT,
  RESTRICTED_VOLUME_TYPES,
  SAFE_SYSCTLS,
  READ_ONLY_ROOT_FILESYSTEM,
  NO_SERVICE_ACCOUNT_TOKEN,
  HIGH_UID_GID,
  NO_DEFAULT_NAMESPACE,
  IMAGE_PULL_POLICY_ALWAYS,
  READINESS_PROBE,
  LIVENESS_PROBE,
  RESOURCE_REQUESTS_LIMITS,
  POD_DISRUPTION_BUDGET,
  MIN_REPLICAS,
  IMAGE_PINNED_BY_DIGEST,
  TOPOLOGY_SPREAD,
  NAMESPACE_POD_SECURITY,
  DEDICATED_SERVICE_ACCOUNT,
  NO_SECRET_ENV,
  PROC_MOUNT_DEFAULT,
  NO_HOST_PROCESS,
  APPARMOR_PROFILE,
  SELINUX_OPTIONS,
  INGRESS_TLS,
  GATEWAY_HTTPS,
  NO_NGINX_SNIPPETS,
  RBAC_NO_ADMIN_BINDING,
  RBAC_NO_WILDCARDS,
  RBAC_NO_POD_EXEC,
  RBAC_NO_SECRET_READ,
  RBAC_NO_ESCALATION,
  DEFAULT_SERVICE_ACCOUNT_TOKEN,
  NO_LITERAL_SECRETS,
];
