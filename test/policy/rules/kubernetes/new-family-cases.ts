import { PolicyInput } from '../../../../src/policy/model';
import { compliantBundle, compliantPodSpec, container, inputOf, mutated } from '../../helpers';

/** Inputs on which a rule must report nothing, and inputs on which it must report (with a fragment of the message). */
export interface Case {
  readonly compliant: PolicyInput[];
  readonly nonCompliant: Array<[PolicyInput, string]>;
}

const bundle = (mutate: (d: any) => void) => compliantBundle(mutated(mutate));
const podSpec = (mutate: (s: any) => void) => {
  const s = compliantPodSpec();
  mutate(s);
  return s;
};
const pod = (spec: any, annotations?: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'orders', ...(annotations ? { annotations } : {}) }, spec });

/** Pod Security Standards "baseline" fields: procMount, hostProcess, AppArmor, SELinux. */
export const PSS_BASELINE_CASES: { [id: string]: Case } = {
  'K8S-027': {
    compliant: [compliantBundle(), bundle(d => { container(d).securityContext.procMount = 'Default'; })],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.procMount = 'Unmasked'; }), 'container "orders": procMount is Unmasked'],
      [inputOf(pod(podSpec(s => { s.initContainers = [{ ...s.containers[0], name: 'init', securityContext: { procMount: 'Unmasked' } }]; }))), 'initContainer "init": procMount is Unmasked'],
    ],
  },
  'K8S-028': {
    compliant: [compliantBundle(), bundle(d => { d.spec.template.spec.securityContext.windowsOptions = { hostProcess: false }; })],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.windowsOptions = { hostProcess: true }; }), 'windowsOptions.hostProcess is true'],
      [bundle(d => { d.spec.template.spec.securityContext.windowsOptions = { hostProcess: true }; }), 'windowsOptions.hostProcess is true on the pod'],
    ],
  },
  'K8S-029': {
    compliant: [
      compliantBundle(),
      bundle(d => { d.spec.template.spec.securityContext.appArmorProfile = { type: 'RuntimeDefault' }; }),
      bundle(d => { container(d).securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-orders' }; }),
      bundle(d => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/orders': 'runtime/default' }; }),
      inputOf(pod(compliantPodSpec(), { 'container.apparmor.security.beta.kubernetes.io/orders': 'localhost/k8s-orders' })),
    ],
    nonCompliant: [
      [bundle(d => { d.spec.template.spec.securityContext.appArmorProfile = { type: 'Unconfined' }; }), 'appArmorProfile.type is Unconfined'],
      [bundle(d => { container(d).securityContext.appArmorProfile = { type: 'Unconfined' }; }), 'appArmorProfile.type is Unconfined'],
      [bundle(d => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/orders': 'unconfined' }; }), 'AppArmor annotation is "unconfined"'],
      [inputOf(pod(compliantPodSpec(), { 'container.apparmor.security.beta.kubernetes.io/orders': 'unconfined' })), 'AppArmor annotation is "unconfined"'],
    ],
  },
  'K8S-030': {
    compliant: [
      compliantBundle(),
      bundle(d => { d.spec.template.spec.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }; }),
      bundle(d => { container(d).securityContext.seLinuxOptions = { type: 'container_init_t', user: '', role: '' }; }),
    ],
    nonCompliant: [
      [bundle(d => { d.spec.template.spec.securityContext.seLinuxOptions = { type: 'spc_t' }; }), 'pod seLinuxOptions.type is spc_t'],
      [bundle(d => { container(d).securityContext.seLinuxOptions = { type: 'unconfined_t' }; }), 'seLinuxOptions.type is unconfined_t'],
      [bundle(d => { container(d).securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' }; }), 'seLinuxOptions.user is set (system_u); seLinuxOptions.role is set (system_r)'],
    ],
  },
};

const ingress = (spec: any, annotations: any = {}) => inputOf({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'web', annotations }, spec });
const rule = (host?: string) => ({ ...(host ? { host } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'https' } } } }] } });
const gateway = (listeners: any[]) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'edge' }, spec: { gatewayClassName: 'eg', listeners } });
const https = { name: 'https', protocol: 'HTTPS', port: 443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] } };
const http = { name: 'http', protocol: 'HTTP', port: 80 };
const route = (name: string, filters: any[], sectionName?: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: 'edge' },
  spec: { parentRefs: [{ name: 'public', ...(sectionName ? { sectionName } : {}) }], rules: [{ filters, ...(filters.length ? {} : { backendRefs: [{ name: 'web', port: 8443 }] }) }] },
});
const redirect = [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }];

/** Exposure: Ingress TLS, Gateway listeners, NGINX snippets. */
export const EXPOSURE_CASES: { [id: string]: Case } = {
  'K8S-031': {
    compliant: [
      ingress({ rules: [rule('shop.example.com')], tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] }),
      // The library's ALB Ingress: TLS from ACM, hosts listed without a secret.
      ingress({ ingressClassName: 'alb', rules: [rule('shop.example.com')], tls: [{ hosts: ['shop.example.com'] }] }, { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]' }),
      ingress({ rules: [rule('a.example.com'), rule('b.example.com')], tls: [{ hosts: ['*.example.com'], secretName: 'wild' }] }),
      ingress({ rules: [rule('shop.example.com')], tls: [{ secretName: 'default-cert' }] }),
    ],
    nonCompliant: [
      [ingress({ rules: [rule('shop.example.com')] }), 'has no spec.tls'],
      [ingress({ rules: [rule('shop.example.com'), rule('admin.example.com')], tls: [{ hosts: ['shop.example.com'], secretName: 's' }] }), 'host "admin.example.com" is not covered'],
      [ingress({ rules: [rule('a.b.example.com')], tls: [{ hosts: ['*.example.com'], secretName: 's' }] }), 'host "a.b.example.com" is not covered'],
    ],
  },
  'K8S-032': {
    compliant: [
      inputOf(gateway([https, { name: 'passthrough', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' } }])),
      inputOf(gateway([https, http]), route('redirect', redirect, 'http'), route('web', [], 'https')),
    ],
    nonCompliant: [
      [inputOf(gateway([http])), 'listener "http" serves plain HTTP on port 80'],
      [inputOf(gateway([{ name: 'https', protocol: 'HTTPS', port: 443 }])), 'listener "https" (HTTPS) terminates TLS without tls.certificateRefs'],
      [inputOf(gateway([{ ...https, tls: { mode: 'Terminate', certificateRefs: [] } }])), 'listener "https" (HTTPS) terminates TLS without tls.certificateRefs'],
      [inputOf(gateway([https, http]), route('web', [])), 'HTTPRoute web does not only redirect to https'],
      [inputOf(gateway([https, http]), route('redirect', redirect, 'http'), route('web', [], 'http')), 'HTTPRoute web does not only redirect to https'],
    ],
  },
  'K8S-033': {
    compliant: [
      ingress({ rules: [rule('shop.example.com')], tls: [{ hosts: ['shop.example.com'], secretName: 's' }] }, { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' }),
    ],
    nonCompliant: [
      [ingress({ rules: [rule()] }, { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";' }), 'annotation nginx.ingress.kubernetes.io/configuration-snippet'],
      [ingress({ rules: [rule()] }, { 'nginx.ingress.kubernetes.io/server-snippet': 'location /x { }' }), 'server-snippet'],
      [ingress({ rules: [rule()] }, { 'nginx.ingress.kubernetes.io/auth-snippet': 'proxy_set_header X y;' }), 'auth-snippet'],
      [ingress({ rules: [rule()] }, { 'nginx.org/server-snippets': 'add_header X y;' }), 'nginx.org/server-snippets'],
    ],
  },
};

const role = (kind: 'Role' | 'ClusterRole', name: string, rules: any[], labels?: any) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(kind === 'Role' ? { namespace: 'orders' } : {}), ...(labels ? { labels } : {}) }, rules,
});
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: string, roleName: string, subjects: any[] = [{ kind: 'ServiceAccount', name: 'orders', namespace: 'orders' }]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'orders' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
  subjects,
});
const readConfigMaps = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] };

/** Kubernetes RBAC. */
export const RBAC_CASES: { [id: string]: Case } = {
  'K8S-034': {
    compliant: [
      inputOf(role('Role', 'reader', [readConfigMaps]), binding('RoleBinding', 'Role', 'reader')),
      inputOf(role('ClusterRole', 'viewer', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] }]), binding('ClusterRoleBinding', 'ClusterRole', 'viewer')),
      inputOf(binding('RoleBinding', 'ClusterRole', 'view')),
      // Kubernetes' own binding of cluster-admin to system:masters.
      inputOf({ ...binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]), metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } } }),
    ],
    nonCompliant: [
      [inputOf(binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin')), 'binds ClusterRole cluster-admin to ServiceAccount orders/orders'],
      [inputOf(binding('RoleBinding', 'ClusterRole', 'cluster-admin', [{ kind: 'User', name: 'alice' }])), 'binds ClusterRole cluster-admin to User alice'],
      [inputOf(role('ClusterRole', 'god', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), binding('ClusterRoleBinding', 'ClusterRole', 'god')), 'binds ClusterRole god, which grants every verb on every resource'],
      [inputOf(role('Role', 'ns-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), binding('RoleBinding', 'Role', 'ns-admin')), 'binds Role ns-admin'],
      [inputOf(role('ClusterRole', 'all-verbs', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }]), binding('ClusterRoleBinding', 'ClusterRole', 'all-verbs')), 'binds ClusterRole all-verbs'],
    ],
  },
  'K8S-035': {
    compliant: [inputOf(role('Role', 'reader', [readConfigMaps])),
      inputOf(role('ClusterRole', 'cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], { 'kubernetes.io/bootstrapping': 'rbac-defaults' }))],
    nonCompliant: [
      [inputOf(role('ClusterRole', 'god', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])), 'wildcard in verbs, resources, apiGroups'],
      [inputOf(role('Role', 'r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }])), 'rules[0] (apiGroups [""], resources [configmaps], verbs [*]): wildcard in verbs'],
      [inputOf(role('Role', 'r', [readConfigMaps, { apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }])), 'rules[1] (apiGroups [apps], resources [*], verbs [get]): wildcard in resources'],
    ],
  },
  'K8S-036': {
    compliant: [inputOf(role('Role', 'reader', [readConfigMaps, { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }]))],
    nonCompliant: [
      [inputOf(role('Role', 'debug', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])), 'grants pods/exec'],
      [inputOf(role('ClusterRole', 'debug', [{ apiGroups: [''], resources: ['pods/attach', 'pods/portforward'], verbs: ['get'] }])), 'grants pods/attach, pods/portforward'],
      [inputOf(role('Role', 'all', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])), 'grants pods/exec, pods/attach, pods/portforward'],
    ],
  },
  'K8S-037': {
    compliant: [
      inputOf(role('Role', 'reader', [readConfigMaps])),
      inputOf(role('Role', 'one-secret', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['orders-tls'], verbs: ['get'] }])),
      inputOf(role('Role', 'writer', [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }])),
    ],
    nonCompliant: [
      [inputOf(role('ClusterRole', 'secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }])), 'grants get, list, watch on secrets'],
      [inputOf(role('Role', 'lister', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }])), 'grants list on secrets'],
      [inputOf(role('Role', 'all', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])), 'grants get on secrets'],
    ],
  },
  'K8S-038': {
    compliant: [inputOf(role('ClusterRole', 'rbac-reader', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] }]))],
    nonCompliant: [
      [inputOf(role('ClusterRole', 'esc', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate', 'bind'] }])), 'grants escalate, bind'],
      [inputOf(role('ClusterRole', 'imp', [{ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] }])), 'grants impersonate'],
      [inputOf(role('ClusterRole', 'rbac-admin', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['*'] }])), 'grants escalate, bind'],
    ],
  },
  'K8S-039': {
    compliant: [
      compliantBundle(),
      // The default ServiceAccount without a token.
      bundle(d => { delete d.spec.template.spec.serviceAccountName; }),
      inputOf({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'orders' }, automountServiceAccountToken: false },
        mutated(d => { delete d.spec.template.spec.serviceAccountName; delete d.spec.template.spec.automountServiceAccountToken; })),
    ],
    nonCompliant: [
      [inputOf(mutated(d => { delete d.spec.template.spec.serviceAccountName; delete d.spec.template.spec.automountServiceAccountToken; })), 'runs as the "default" ServiceAccount and mounts a service account token'],
      [inputOf(pod(podSpec(s => { s.serviceAccountName = 'default'; s.automountServiceAccountToken = true; }))), 'runs as the "default" ServiceAccount and automountServiceAccountToken is true'],
    ],
  },
};
