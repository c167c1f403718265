import { Framework } from './framework';

/** One control a rule is evidence for, and why. */
export interface ControlMapping {
  readonly framework: Framework;
  /** Control id as the framework's catalog writes it. */
  readonly control: string;
  /** One line: what the rule's passing result shows about the control. */
  readonly rationale: string;
}

/** `[control id, rationale]` pairs, or the reason the rule evidences no control of the framework. */
type Entry = ReadonlyArray<readonly [string, string]> | string;

interface RuleEntry {
  readonly pci: Entry;
  readonly hipaa: Entry;
  readonly gdpr: Entry;
  readonly nist: Entry;
  readonly cisK8s: Entry;
  readonly cisEks: Entry;
}

const KEYS: ReadonlyArray<readonly [keyof RuleEntry, Framework]> = [
  ['pci', Framework.PCI_DSS_4], ['hipaa', Framework.HIPAA], ['gdpr', Framework.GDPR],
  ['nist', Framework.NIST_800_53_R5], ['cisK8s', Framework.CIS_KUBERNETES], ['cisEks', Framework.CIS_EKS],
];

// Reasons shared by several rules for evidencing nothing of a framework.
const AVAILABILITY_PCI = 'PCI DSS v4.0 has no requirement on the availability of workloads that this rule could evidence';
const AVAILABILITY_HIPAA = '45 CFR 164.312 has no availability safeguard (contingency planning is 164.308(a)(7), outside the technical safeguards)';
const AVAILABILITY_CIS = 'the benchmark covers security configuration, not availability';
const AWS_RESOURCE_CIS = 'the benchmark does not cover this AWS resource';
const NO_EKS_PSS = 'the EKS benchmark\'s Pod Security section lists only privileged, host namespaces and privilege escalation';

// Rationales shared by the pod hardening rules.
const POD_PCI = 'a security parameter of the container runtime that stops a compromised container from misusing the node';
const POD_HIPAA = 'a container that cannot break out of its sandbox cannot reach the ePHI of other workloads on the node';
const POD_GDPR = 'limits what a compromised process can reach, protecting the confidentiality and integrity of the processing';
const POD_NIST = 'isolates the container\'s processes from the node and from other pods';
const POD_DESIGN = 'the library writes the hardened setting by default, and the rule holds any other output to it';

/**
 * The controls each rule of the library's packs is evidence for, keyed by rule id. A rule that
 * evidences nothing of a framework says why. `test/policy/compliance/mappings.test.ts` fails for
 * a rule without an entry, an id outside the framework's catalog, or a withdrawn NIST control.
 */
const TABLE: { readonly [ruleId: string]: RuleEntry } = {
  'K8S-001': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['AC-6', 'processes run without root, the least privilege they need'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.7', 'no container runs as root']],
    cisEks: 'the EKS benchmark has no recommendation on root containers',
  },
  'K8S-002': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['AC-6(10)', 'workloads cannot execute privileged functions on the node'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.2', 'no privileged container is admitted']],
    cisEks: [['4.2.1', 'no privileged container is admitted']],
  },
  'K8S-003': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['AC-6', 'a process cannot gain more privileges than its parent'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.6', 'allowPrivilegeEscalation is false']],
    cisEks: [['4.2.5', 'allowPrivilegeEscalation is false']],
  },
  'K8S-004': {
    pci: [['2.2.4', 'containers keep no Linux capability they do not need'], ['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['AC-6', 'every capability is dropped'], ['CM-7', 'kernel functions the workload does not need are off']],
    cisK8s: [['5.2.10', 'containers drop all capabilities'], ['5.2.8', 'NET_RAW is dropped with all others']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-005': {
    pci: [['2.2.4', 'at most NET_BIND_SERVICE is added back']],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['AC-6', 'no capability beyond binding low ports is granted'], ['CM-7', 'only the one kernel function a server may need']],
    cisK8s: [['5.2.9', 'no capability other than NET_BIND_SERVICE is added']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-006': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['CM-7', 'system calls outside the runtime default profile are blocked'], ['SC-39', POD_NIST]],
    cisK8s: [['5.7.2', 'the RuntimeDefault (or a localhost) seccomp profile is set']],
    cisEks: 'the EKS benchmark has no recommendation on seccomp profiles',
  },
  'K8S-007': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['SC-39', 'pods keep their own network, PID and IPC namespaces']],
    cisK8s: [['5.2.3', 'no hostPID'], ['5.2.4', 'no hostIPC'], ['5.2.5', 'no hostNetwork']],
    cisEks: [['4.2.2', 'no hostPID'], ['4.2.3', 'no hostIPC'], ['4.2.4', 'no hostNetwork']],
  },
  'K8S-008': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', 'no pod reads or writes the node\'s files, where other workloads\' data and credentials live']],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['AC-3', 'pods cannot reach the node\'s file system'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.12', 'no hostPath volume']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-009': {
    pci: [['1.2.5', 'pods listen only behind their Service, not on ports of the node'], ['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', 'pods are reachable only through the Service and its NetworkPolicy']],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['SC-7', 'no pod opens a port on the node, around the network policies']],
    cisK8s: [['5.2.13', 'no hostPort']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-010': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['CM-7', 'only the volume types of the restricted Pod Security profile'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.12', 'hostPath is not among the allowed volume types']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-011': {
    pci: [['2.2.6', 'no pod changes kernel parameters shared with the node']],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['CM-6', 'only namespaced, safe sysctls'], ['SC-39', POD_NIST]],
    cisK8s: [['5.7.3', 'the pod security context sets no unsafe sysctl']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-012': {
    pci: [['2.2.6', 'an attacker cannot change the container\'s software at run time']],
    hipaa: [['164.312(c)(1)', 'the software that handles ePHI cannot be altered in the running container']],
    gdpr: [['Art. 32(1)(b)', 'protects the integrity of the processing software']],
    nist: [['SI-7', 'the container\'s file system is exactly the image'], ['CM-6', 'a read-only root file system setting']],
    cisK8s: [['5.7.3', 'the container security context sets readOnlyRootFilesystem']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-013': {
    pci: [['7.2.5', 'workloads get no Kubernetes API credential they do not use'], ['2.2.4', 'the API token is not mounted where unneeded']],
    hipaa: [['164.312(a)(1)', 'a compromised pod holds no credential for the cluster API']],
    gdpr: [['Art. 25(2)', 'no API access is granted by default']],
    nist: [['AC-6', 'no unused credential is mounted'], ['IA-5', 'service account tokens are not distributed where unneeded']],
    cisK8s: [['5.1.6', 'automountServiceAccountToken is false']],
    cisEks: [['4.1.6', 'automountServiceAccountToken is false']],
  },
  'K8S-014': {
    pci: [['2.2.6', 'UIDs above the node\'s system range do not collide with host users']],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR]],
    nist: [['AC-6', 'a fixed, unprivileged UID and GID'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.7', 'an explicit non-root UID'], ['5.7.3', 'runAsUser and runAsGroup are set']],
    cisEks: 'the EKS benchmark has no recommendation on user ids',
  },
  'K8S-015': {
    pci: [['2.2.3', 'workloads are separated into namespaces instead of sharing the default one']],
    hipaa: [['164.312(a)(1)', 'namespaces are the boundary that roles and network policies scope access to']],
    gdpr: [['Art. 32(1)(b)', 'separates workloads so access can be scoped']],
    nist: [['AC-4', 'namespaces are the unit the network policies and roles are written for']],
    cisK8s: [['5.7.4', 'nothing in the default namespace'], ['5.7.1', 'namespaces separate the workloads']],
    cisEks: [['4.5.2', 'nothing in the default namespace'], ['4.5.1', 'namespaces separate the workloads']],
  },
  'K8S-016': {
    pci: [['7.3.1', 'the registry authorizes every pull, so a pod cannot use an image cached on the node that it may not pull']],
    hipaa: [['164.312(a)(1)', 'access to private images is checked on every pull']],
    gdpr: [['Art. 32(1)(b)', 'private images stay confidential on shared nodes']],
    nist: [['AC-3', 'the registry enforces access on every pull']],
    cisK8s: 'the benchmark has no recommendation on image pull policy',
    cisEks: 'the benchmark has no recommendation on image pull policy',
  },
  'K8S-017': {
    pci: AVAILABILITY_PCI,
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'traffic reaches only ready replicas, part of the availability of the service']],
    nist: [['SC-24', 'a replica that fails its check is taken out of service instead of serving errors']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-018': {
    pci: AVAILABILITY_PCI,
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'hung containers are restarted, part of the resilience of the service']],
    nist: [['CP-10', 'a failed container is restarted automatically']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-019': {
    pci: [['2.2.6', 'limits stop one container from exhausting the node\'s resources']],
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'resource limits keep one workload from starving the others']],
    nist: [['SC-6', 'requests reserve and limits bound each container\'s resources'], ['SC-5', 'a flooded workload cannot take the node down']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-020': {
    pci: AVAILABILITY_PCI,
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'voluntary disruptions keep a minimum of replicas running']],
    nist: [['CP-10', 'node drains and upgrades keep the service running']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-021': {
    pci: AVAILABILITY_PCI,
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'the service survives the loss of one replica']],
    nist: [['SC-36', 'processing is distributed over more than one replica']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-022': {
    pci: [['6.3.2', 'a digest is an exact inventory entry of the software that runs'], ['6.5.1', 'a new image reaches production only through a change to the manifest']],
    hipaa: [['164.312(c)(1)', 'the software that handles ePHI is exactly the image that was reviewed']],
    gdpr: [['Art. 32(1)(b)', 'the processing software cannot change under a mutable tag']],
    nist: [['CM-2', 'the baseline names each image exactly'], ['SI-7', 'the runtime verifies the image against its digest'], ['CM-8', 'an exact inventory of the images']],
    cisK8s: 'the benchmark\'s image recommendation (5.5.1) is an admission webhook, which pinning does not evidence',
    cisEks: 'the benchmark\'s image recommendations concern registries and scanning, which pinning does not evidence',
  },
  'K8S-023': {
    pci: AVAILABILITY_PCI,
    hipaa: AVAILABILITY_HIPAA,
    gdpr: [['Art. 32(1)(b)', 'replicas on different nodes or zones survive the loss of one']],
    nist: [['SC-36', 'replicas are spread over nodes or zones']],
    cisK8s: AVAILABILITY_CIS,
    cisEks: AVAILABILITY_CIS,
  },
  'K8S-024': {
    pci: [['2.2.1', 'the restricted Pod Security Standard is the namespace\'s enforced configuration standard'], ['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', 'the cluster itself refuses pods that could escape their sandbox']],
    gdpr: [['Art. 25(1)', 'the admission controller enforces the hardening for every pod'], ['Art. 32(1)(b)', POD_GDPR]],
    nist: [['CM-6', 'pod security settings are enforced at admission'], ['CM-2', 'one enforced baseline per namespace']],
    cisK8s: [['5.2.1', 'Pod Security Admission is active in every namespace']],
    cisEks: [['4.2.1', 'Pod Security Admission enforces the restricted profile']],
  },
  'K8S-025': {
    pci: [['7.2.5', 'each workload has its own account with only its own permissions'], ['2.2.2', 'the default service account is not used']],
    hipaa: [['164.312(a)(2)(i)', 'each workload has a unique identity'], ['164.312(a)(1)', 'permissions attach to one workload, not to a shared account']],
    gdpr: [['Art. 32(1)(b)', 'access is attributable to one workload']],
    nist: [['IA-4', 'one identifier per workload'], ['AC-6', 'no permissions shared through the default account']],
    cisK8s: [['5.1.5', 'workloads do not use the default service account']],
    cisEks: [['4.1.5', 'workloads do not use the default service account'], ['5.2.1', 'a dedicated service account per workload']],
  },
  'K8S-026': {
    pci: [['8.6.3', 'credentials do not leak through environment dumps and child processes']],
    hipaa: [['164.312(a)(1)', 'credentials to ePHI stores are not exposed in the process environment']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5', 'authenticators are delivered as files, not environment variables']],
    cisK8s: [['5.4.1', 'secrets are mounted as files']],
    cisEks: [['4.4.1', 'secrets are mounted as files']],
  },
  'K8S-027': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['CM-7', 'the kernel and host details the runtime masks in /proc stay hidden'], ['SC-39', POD_NIST]],
    cisK8s: [['5.7.3', 'the security context keeps the default procMount']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-028': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['AC-6(10)', 'no workload runs directly on the Windows node with its network and files'], ['SC-39', POD_NIST]],
    cisK8s: [['5.2.11', 'no HostProcess container is admitted']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-029': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['AC-3', 'the AppArmor mandatory access control of the runtime stays on'], ['SC-39', POD_NIST]],
    cisK8s: [['5.7.3', 'the security context does not set AppArmor to Unconfined']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-030': {
    pci: [['2.2.6', POD_PCI]],
    hipaa: [['164.312(a)(1)', POD_HIPAA]],
    gdpr: [['Art. 32(1)(b)', POD_GDPR], ['Art. 25(1)', POD_DESIGN]],
    nist: [['AC-3', 'SELinux keeps confining the container to a container type'], ['SC-39', POD_NIST]],
    cisK8s: [['5.7.3', 'the security context sets no SELinux type, user or role that lifts confinement']],
    cisEks: NO_EKS_PSS,
  },
  'K8S-031': {
    pci: [['4.2.1', 'every host of the Ingress is served over TLS'], ['8.3.2', 'credentials sent to the service are encrypted in transit']],
    hipaa: [['164.312(e)(1)', 'ePHI sent to the service is protected in transit'], ['164.312(e)(2)(ii)', 'ePHI is encrypted between the client and the Ingress']],
    gdpr: [['Art. 32(1)(a)', 'encryption in transit'], ['Art. 5(1)(f)', 'personal data sent to the service is protected against disclosure and alteration']],
    nist: [['SC-8(1)', 'the connection to every host is encrypted'], ['SC-8', 'confidentiality and integrity between the client and the Ingress']],
    cisK8s: 'the benchmark has no recommendation on TLS for Ingresses',
    cisEks: [['5.4.5', 'the load balancer of the Ingress serves TLS for every host']],
  },
  'K8S-032': {
    pci: [['4.2.1', 'listeners serve TLS with a certificate; plain HTTP only redirects to https'], ['8.3.2', 'credentials sent to the service are encrypted in transit']],
    hipaa: [['164.312(e)(1)', 'ePHI sent to the service is protected in transit'], ['164.312(e)(2)(ii)', 'ePHI is encrypted between the client and the Gateway']],
    gdpr: [['Art. 32(1)(a)', 'encryption in transit'], ['Art. 5(1)(f)', 'personal data sent to the service is protected against disclosure and alteration']],
    nist: [['SC-8(1)', 'every listener that serves routes is encrypted'], ['SC-8', 'confidentiality and integrity between the client and the Gateway']],
    cisK8s: 'the benchmark has no recommendation on TLS for Gateway listeners',
    cisEks: [['5.4.5', 'the load balancer of the Gateway serves TLS with its own certificate']],
  },
  'K8S-033': {
    pci: [['2.2.6', 'the ingress controller\'s configuration cannot be changed through an Ingress'], ['8.6.3', 'the controller\'s token and the Secrets it reads cannot be taken through injected configuration']],
    hipaa: [['164.312(a)(1)', 'whoever writes an Ingress cannot reach the Secrets and traffic of other tenants']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality and integrity of the shared entry point']],
    nist: [['CM-7', 'the raw-configuration feature of the controller is not used'], ['AC-6', 'writing an Ingress does not grant the controller\'s permissions']],
    cisK8s: 'the benchmark has no recommendation on ingress controller annotations',
    cisEks: 'the EKS benchmark has no recommendation on ingress controller annotations',
  },
  'K8S-034': {
    pci: [['7.2.5', 'no workload account is bound to full control of a namespace or the cluster'], ['7.2.2', 'people and workloads get roles sized to what they do']],
    hipaa: [['164.312(a)(1)', 'no subject can read every Secret or run any pod']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the cluster']],
    nist: [['AC-6', 'no binding to an all-powerful role'], ['AC-6(10)', 'cluster administration stays with the administrators']],
    cisK8s: [['5.1.1', 'no binding to cluster-admin'], ['5.1.3', 'no binding to a role that grants every verb on everything']],
    cisEks: [['4.1.1', 'no binding to cluster-admin'], ['4.1.3', 'no binding to a role that grants every verb on everything']],
  },
  'K8S-035': {
    pci: [['7.2.5', 'roles list exactly the verbs, resources and API groups they grant']],
    hipaa: [['164.312(a)(1)', 'roles grant only what they name']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the cluster']],
    nist: [['AC-6', 'no wildcard in RBAC rules']],
    cisK8s: [['5.1.3', 'no wildcard in Roles and ClusterRoles']],
    cisEks: [['4.1.3', 'no wildcard in Roles and ClusterRoles']],
  },
  'K8S-036': {
    pci: [['7.2.5', 'no role opens a shell or a tunnel into pods'], ['8.6.3', 'the tokens and Secrets mounted in pods cannot be taken through exec']],
    hipaa: [['164.312(a)(1)', 'no subject reaches the data of a pod by running commands in it']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of what the pods hold']],
    nist: [['AC-6', 'no exec, attach or port-forward access'], ['IA-5', 'credentials mounted in pods are not reachable through the API']],
    cisK8s: 'the benchmark has no recommendation on exec, attach or port-forward access',
    cisEks: 'the EKS benchmark has no recommendation on exec, attach or port-forward access',
  },
  'K8S-037': {
    pci: [['7.2.5', 'no role reads Secrets it is not named for'], ['8.6.3', 'credentials in Secrets are readable only where named']],
    hipaa: [['164.312(a)(1)', 'credentials to ePHI stores are not readable by every role']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['AC-6', 'Secret reads are limited to named Secrets'], ['IA-5', 'authenticators in Secrets are protected by access control']],
    cisK8s: [['5.1.2', 'no get, list or watch on all Secrets']],
    cisEks: [['4.1.2', 'no get, list or watch on all Secrets']],
  },
  'K8S-038': {
    pci: [['7.2.5', 'no account can grant itself more permissions'], ['7.3.2', 'RBAC\'s own escalation checks cannot be bypassed']],
    hipaa: [['164.312(a)(1)', 'access stays limited to the roles a subject holds'], ['164.312(a)(2)(i)', 'no subject acts under another identity']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the cluster']],
    nist: [['AC-6', 'no escalate, bind or impersonate'], ['AC-3', 'RBAC enforcement is not sidestepped']],
    cisK8s: [['5.1.8', 'no escalate, bind or impersonate']],
    cisEks: [['4.1.8', 'no escalate, bind or impersonate']],
  },
  'K8S-039': {
    pci: [['2.2.2', 'the namespace\'s default account carries no mounted credential'], ['7.2.5', 'no credential shared by every pod of the namespace']],
    hipaa: [['164.312(a)(2)(i)', 'workloads do not share the default identity'], ['164.312(a)(1)', 'a binding to the default account reaches no running pod']],
    gdpr: [['Art. 32(1)(b)', 'access is attributable to one workload']],
    nist: [['AC-6', 'no shared token is mounted'], ['IA-5', 'the default account\'s token is not distributed']],
    cisK8s: [['5.1.5', 'workloads do not run as the default service account'], ['5.1.6', 'the default account\'s token is not mounted']],
    cisEks: [['4.1.5', 'workloads do not run as the default service account'], ['4.1.6', 'the default account\'s token is not mounted']],
  },
  'K8S-040': {
    pci: [['8.6.2', 'no credential is written into env, command, args or ConfigMaps'], ['8.3.2', 'credentials are not stored readable in configuration']],
    hipaa: [['164.312(a)(1)', 'credentials are not readable by whoever reads the manifests']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5(7)', 'no embedded static authenticators in the manifests'], ['IA-5', 'authenticators are not distributed in configuration']],
    cisK8s: [['5.4.1', 'no secret value is written into environment variables']],
    cisEks: [['4.4.1', 'no secret value is written into environment variables']],
  },
  'AWS-001': {
    pci: [['7.2.5', 'roles grant named actions only']],
    hipaa: [['164.312(a)(1)', 'workloads get only the AWS actions they need']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the data stores']],
    nist: [['AC-6', 'no wildcard actions']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-002': {
    pci: [['7.2.5', 'permissions are scoped to named resources']],
    hipaa: [['164.312(a)(1)', 'access is limited to the resources each workload uses']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the data stores']],
    nist: [['AC-6', 'no "*" resource where the action supports resource-level permissions']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-003': {
    pci: [['7.2.5', 'no open-ended grants through NotAction or NotResource']],
    hipaa: [['164.312(a)(1)', 'grants are explicit lists']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the data stores']],
    nist: [['AC-6', 'no Allow statement that grants everything but a list']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-004': {
    pci: [['7.2.5', 'no broad AWS-managed policy is attached']],
    hipaa: [['164.312(a)(1)', 'no administrator or full-access policy on workload roles']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the data stores']],
    nist: [['AC-6', 'no administrator or full-access managed policies']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-005': {
    pci: [['7.2.5', 'a role is assumable only by the principals it names'], ['7.3.1', 'trust policies restrict who may assume roles']],
    hipaa: [['164.312(d)', 'only the named, authenticated principal can act as the role']],
    gdpr: [['Art. 25(2)', 'roles are not assumable by anyone by default']],
    nist: [['AC-3', 'trust policies enforce who assumes a role'], ['IA-9', 'the assuming service is identified']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-006': {
    pci: [['1.4.4', 'data stores are not open to anonymous access'], ['7.3.1', 'resource policies restrict access']],
    hipaa: [['164.312(a)(1)', 'no resource policy grants access to everyone']],
    gdpr: [['Art. 25(2)', 'data is not made accessible to an indefinite number of persons by default']],
    nist: [['AC-3', 'resource policies enforce access'], ['SC-7', 'no public access to resources']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-007': {
    pci: [['7.2.5', 'a role is usable by exactly one workload'], ['8.6.1', 'the role cannot be used from another service account']],
    hipaa: [['164.312(a)(2)(i)', 'one role per namespace and service account'], ['164.312(d)', 'EKS Pod Identity authenticates the workload']],
    gdpr: [['Art. 32(1)(b)', 'AWS access is bound to one workload']],
    nist: [['IA-9', 'the workload is authenticated by its namespace and service account'], ['AC-6', 'credentials are scoped to one workload']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: [['5.2.1', 'each service account has its own IAM role']],
  },
  'AWS-008': {
    pci: [['7.2.5', 'a role is usable by exactly one workload'], ['8.6.1', 'the role cannot be used from another service account']],
    hipaa: [['164.312(a)(2)(i)', 'one role per service account'], ['164.312(d)', 'the OIDC token authenticates the workload']],
    gdpr: [['Art. 32(1)(b)', 'AWS access is bound to one workload']],
    nist: [['IA-9', 'the token\'s subject and audience are checked exactly'], ['AC-6', 'credentials are scoped to one workload']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: [['5.2.1', 'each service account has its own IAM role']],
  },
  'AWS-009': {
    pci: [['3.7.4', 'the key is rotated automatically']],
    hipaa: [['164.312(a)(2)(iv)', 'the encryption key is rotated']],
    gdpr: [['Art. 32(1)(a)', 'key rotation limits the data protected by one key version']],
    nist: [['SC-12', 'keys are rotated by the key service']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark\'s KMS recommendation concerns cluster Secrets encryption',
  },
  'AWS-010': {
    pci: [['3.6.1', 'a scheduled deletion can be cancelled, so the key cannot be destroyed at once by mistake or by an attacker']],
    hipaa: [['164.312(c)(1)', 'ePHI encrypted under the key is not destroyed improperly with it']],
    gdpr: [['Art. 32(1)(c)', 'data stays recoverable when a key deletion is scheduled by mistake']],
    nist: [['SC-12(1)', 'keys stay available through a deletion window']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-011': {
    pci: [['8.3.2', 'stored credentials are encrypted with a customer-managed key'], ['8.6.3', 'access to the credentials also needs the key']],
    hipaa: [['164.312(a)(2)(iv)', 'secrets are encrypted with a key the account controls']],
    gdpr: [['Art. 32(1)(a)', 'encryption of stored secrets']],
    nist: [['SC-28(1)', 'secrets are encrypted at rest'], ['IA-5', 'authenticators are protected in storage']],
    cisK8s: [['5.4.2', 'secrets are held in AWS Secrets Manager']],
    cisEks: [['4.4.2', 'secrets are held in AWS Secrets Manager']],
  },
  'AWS-012': {
    pci: [['1.4.4', 'buckets are not reachable publicly'], ['1.4.2', 'no public inbound access to storage']],
    hipaa: [['164.312(a)(1)', 'no public access to stored objects']],
    gdpr: [['Art. 25(2)', 'stored data is not public by default']],
    nist: [['SC-7', 'storage is not exposed publicly'], ['AC-3', 'public ACLs and policies are blocked']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-013': {
    pci: [['3.5.1', 'stored objects are encrypted with a KMS key']],
    hipaa: [['164.312(a)(2)(iv)', 'objects are encrypted at rest']],
    gdpr: [['Art. 32(1)(a)', 'encryption of stored data'], ['Art. 5(1)(f)', 'stored personal data is protected against unauthorised disclosure']],
    nist: [['SC-28(1)', 'objects are encrypted at rest']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-014': {
    pci: [['10.3.2', 'overwritten or deleted objects, including load balancer access logs, stay recoverable']],
    hipaa: [['164.312(c)(1)', 'earlier versions survive improper alteration or deletion']],
    gdpr: [['Art. 32(1)(c)', 'earlier versions can be restored']],
    nist: [['CP-9', 'versions are a backup of every object']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-015': {
    pci: [['3.5.1', 'queued messages are encrypted with a customer-managed key']],
    hipaa: [['164.312(a)(2)(iv)', 'messages are encrypted at rest']],
    gdpr: [['Art. 32(1)(a)', 'encryption of queued data'], ['Art. 5(1)(f)', 'queued personal data is protected against unauthorised disclosure']],
    nist: [['SC-28(1)', 'messages are encrypted at rest']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-016': {
    pci: [['3.5.1', 'table data is encrypted with a customer-managed key']],
    hipaa: [['164.312(a)(2)(iv)', 'items are encrypted at rest']],
    gdpr: [['Art. 32(1)(a)', 'encryption of stored data'], ['Art. 5(1)(f)', 'stored personal data is protected against unauthorised disclosure']],
    nist: [['SC-28(1)', 'items are encrypted at rest']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-017': {
    pci: AVAILABILITY_PCI,
    hipaa: [['164.312(c)(1)', 'a table can be restored to before an improper alteration or destruction']],
    gdpr: [['Art. 32(1)(c)', 'the table can be restored to any second of the recovery window']],
    nist: [['CP-9', 'continuous backups'], ['CP-10', 'point-in-time restore']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-018': {
    pci: [['10.3.1', 'reading the logs also needs the customer-managed key']],
    hipaa: [['164.312(b)', 'the audit records are encrypted'], ['164.312(a)(2)(iv)', 'logs that may contain ePHI are encrypted at rest']],
    gdpr: [['Art. 32(1)(a)', 'encryption of logs, which may contain personal data']],
    nist: [['AU-9', 'audit information is protected by the key policy'], ['SC-28(1)', 'logs are encrypted at rest']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-019': {
    pci: [['10.5.1', 'a retention period is set; the requirement asks for twelve months, so set retentionDays to at least 365 (the default of 90 covers only the three months kept at hand)']],
    hipaa: [['164.312(b)', 'audit records are kept for a defined period']],
    gdpr: [['Art. 32(1)(b)', 'logs are kept for a defined period, neither lost early nor kept forever']],
    nist: [['AU-11', 'a retention period is set']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-020': {
    pci: [['1.4.2', 'no inbound traffic from the whole internet'], ['1.3.1', 'inbound traffic is limited to named ranges']],
    hipaa: [['164.312(a)(1)', 'no network access from anywhere']],
    gdpr: [['Art. 25(2)', 'services are not reachable by anyone by default']],
    nist: [['SC-7', 'security groups admit named ranges only']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark covers the control plane endpoint, not workload security groups',
  },
  'AWS-021': {
    pci: 'the rule shows only that the IAM rules could read every policy; the access control evidence comes from those rules',
    hipaa: 'the rule shows only that the IAM rules could read every policy; the access control evidence comes from those rules',
    gdpr: 'the rule shows only that the IAM rules could read every policy; the access control evidence comes from those rules',
    nist: [['CM-6', 'every policy argument is a well-formed setting that the checks evaluated']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-022': {
    pci: [['7.2.5', 'no role can give itself more permissions'], ['7.3.2', 'assigned permissions cannot be widened by the holder']],
    hipaa: [['164.312(a)(1)', 'a workload cannot widen its own access to ePHI']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access that stays least privilege']],
    nist: [['AC-6', 'no path to administrator permissions'], ['AC-6(10)', 'workloads cannot perform IAM administration']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-023': {
    pci: [['8.6.3', 'a workload cannot mint credentials for other identities'], ['7.2.5', 'no credential-creating actions on broad resources']],
    hipaa: [['164.312(a)(1)', 'revoking a workload\'s credentials ends its access']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5', 'authenticators are issued only to their owners'], ['AC-6', 'no broad credential-creating actions']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-024': {
    pci: [['7.2.5', 'no role reads every object, parameter or secret'], ['7.3.1', 'reading data needs a named resource or a condition']],
    hipaa: [['164.312(a)(1)', 'a workload reads only the ePHI stores it is granted']],
    gdpr: [['Art. 32(1)(b)', 'least-privilege access to the data stores'], ['Art. 5(1)(f)', 'personal data of the account is not readable by every workload']],
    nist: [['AC-6', 'no unconditioned read of all data, secrets or keys']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-025': {
    pci: [['7.2.5', 'write and permissions-management actions name their resources']],
    hipaa: [['164.312(a)(1)', 'a workload changes only the resources it is granted'], ['164.312(c)(1)', 'ePHI stores of other workloads cannot be altered or deleted']],
    gdpr: [['Art. 32(1)(b)', 'protects the integrity of the data stores']],
    nist: [['AC-6', 'no unconstrained write or permissions-management access']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark does not cover the policies of workload roles',
  },
  'AWS-026': {
    pci: [['7.2.5', 'a role is assumable only by named principals or under a condition'], ['7.3.1', 'trust policies restrict who may assume roles']],
    hipaa: [['164.312(d)', 'only a named or conditioned principal can act as the role']],
    gdpr: [['Art. 32(1)(b)', 'roles are not assumable by every identity of an account']],
    nist: [['AC-3', 'trust policies enforce who assumes a role'], ['AC-6', 'no role is open to a whole account']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-027': {
    pci: [['3.5.1', 'stored messages are encrypted with a customer-managed key']],
    hipaa: [['164.312(a)(2)(iv)', 'messages are encrypted at rest']],
    gdpr: [['Art. 32(1)(a)', 'encryption of published data'], ['Art. 5(1)(f)', 'published personal data is protected against unauthorised disclosure']],
    nist: [['SC-28(1)', 'messages are encrypted at rest']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-028': {
    pci: [['1.3.2', 'outbound traffic is limited to named destinations or ports'], ['1.2.5', 'allowed outbound flows are identified']],
    hipaa: [['164.312(e)(1)', 'ePHI can be sent only where the rules allow']],
    gdpr: [['Art. 32(1)(b)', 'limits where a compromised host can send data']],
    nist: [['SC-7', 'egress at the boundary is restricted'], ['AC-4', 'outbound flows are enforced by security groups']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark covers the control plane endpoint, not workload security groups',
  },
  'AWS-029': {
    pci: [['3.6.1', 'the key policy names who administers and who uses the key']],
    hipaa: [['164.312(a)(2)(iv)', 'only the named roles can decrypt']],
    gdpr: [['Art. 32(1)(a)', 'the encryption key is usable only by the named roles']],
    nist: [['SC-12', 'key access is set by an explicit policy'], ['AC-3', 'the key policy enforces access to the key']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: 'the EKS benchmark\'s KMS recommendation concerns cluster Secrets encryption',
  },
  'AWS-030': {
    pci: [['4.2.1', 'requests to the bucket use TLS']],
    hipaa: [['164.312(e)(1)', 'ePHI to and from the bucket is protected in transit'], ['164.312(e)(2)(ii)', 'ePHI is encrypted in transit']],
    gdpr: [['Art. 32(1)(a)', 'encryption in transit'], ['Art. 5(1)(f)', 'personal data in transit is protected against disclosure and alteration']],
    nist: [['SC-8(1)', 'plain HTTP requests are denied'], ['SC-8', 'confidentiality and integrity in transit']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-031': {
    pci: [['8.6.3', 'application credentials are changed on a schedule']],
    hipaa: [['164.312(d)', 'a leaked credential stops authenticating at the next rotation']],
    gdpr: [['Art. 32(1)(b)', 'limits how long a leaked credential stays usable']],
    nist: [['IA-5', 'authenticators are refreshed periodically']],
    cisK8s: 'the benchmark has no recommendation on rotating secrets',
    cisEks: 'the EKS benchmark has no recommendation on rotating secrets',
  },
  'AWS-032': {
    pci: [['1.4.2', 'requests from the internet are filtered by rate and managed rules'], ['10.2.1', 'the web ACL logs the requests it sees']],
    hipaa: [['164.312(b)', 'requests to the public services are recorded'], ['164.312(c)(1)', 'managed rules block injection attacks on stored ePHI']],
    gdpr: [['Art. 32(1)(b)', 'floods and common exploits are stopped at the edge']],
    nist: [['SC-5', 'a rate-based rule limits each client'], ['SC-7', 'managed rules filter traffic at the boundary'], ['AU-12', 'the web ACL generates request records']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'AWS-033': {
    pci: [['10.3.2', 'log groups and their events survive a plan that drops them'], ['3.6.1', 'keys are not destroyed by a plan that replaces them']],
    hipaa: [['164.312(c)(1)', 'stored ePHI is not destroyed by a refactoring of the code']],
    gdpr: [['Art. 5(1)(f)', 'stored personal data is protected against accidental destruction'], ['Art. 32(1)(b)', 'data stores survive changes to the infrastructure code']],
    nist: [['AU-9', 'audit logs are protected from deletion'], ['SC-12(1)', 'keys stay available'], ['SC-28', 'stored information is protected from destruction by a plan']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: AWS_RESOURCE_CIS,
  },
  'X-001': {
    pci: [['1.3.1', 'inbound traffic is denied unless declared'], ['1.3.2', 'outbound traffic is denied unless declared']],
    hipaa: [['164.312(a)(1)', 'only declared callers reach a workload'], ['164.312(e)(1)', 'ePHI in transit flows only between declared peers']],
    gdpr: [['Art. 25(2)', 'no network access by default'], ['Art. 32(1)(b)', 'segmentation limits what a compromised pod reaches']],
    nist: [['SC-7(5)', 'default deny, allow by exception'], ['AC-4', 'information flows are enforced by network policies']],
    cisK8s: [['5.3.2', 'every namespace has a default-deny policy']],
    cisEks: [['4.3.2', 'every namespace has a default-deny policy'], ['5.4.4', 'network policies are in force']],
  },
  'X-002': {
    pci: [['7.2.5', 'no role trusts a service account that does not exist (and could be created by someone else)']],
    hipaa: [['164.312(a)(1)', 'roles are bound to known workloads']],
    gdpr: [['Art. 32(1)(b)', 'AWS access is bound to known workloads']],
    nist: [['AC-6', 'no dangling trust'], ['IA-9', 'the trusted service is one that exists']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: [['5.2.1', 'the IAM role belongs to a dedicated service account']],
  },
  'X-003': {
    pci: [['7.2.5', 'a service account uses only a role that trusts it']],
    hipaa: [['164.312(d)', 'the role verifies the service account that uses it']],
    gdpr: [['Art. 32(1)(b)', 'AWS access is bound to known workloads']],
    nist: [['IA-9', 'the role\'s trust names the annotated service account']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: [['5.2.1', 'the service account\'s IAM role trusts it']],
  },
  'X-004': {
    pci: [['8.6.3', 'credentials come from the secret store, not from the manifests']],
    hipaa: [['164.312(a)(1)', 'secret volumes are delivered by the CSI driver from the secret store']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5', 'authenticators are delivered from the secret store']],
    cisK8s: [['5.4.2', 'secrets come from an external store']],
    cisEks: [['4.4.2', 'secrets come from an external store']],
  },
  'X-005': {
    pci: [['8.6.3', 'only the workload granted a secret can read it'], ['7.2.5', 'secret access is granted per workload']],
    hipaa: [['164.312(a)(1)', 'access to each secret is granted to one workload']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['AC-6', 'a secret is readable only by the workload granted it'], ['IA-5', 'authenticators are protected by access control']],
    cisK8s: [['5.4.2', 'secrets come from an external store'], ['5.1.2', 'access to secrets is granted per workload']],
    cisEks: [['4.4.2', 'secrets come from an external store'], ['4.1.2', 'access to secrets is granted per workload']],
  },
  'X-006': {
    pci: [['8.6.2', 'no credential is written into the manifests'], ['8.3.2', 'credentials are not stored readable in configuration']],
    hipaa: [['164.312(a)(1)', 'credentials are not readable by whoever reads the manifests']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5(7)', 'no embedded static authenticators in the configuration']],
    cisK8s: [['5.4.2', 'secret values live in an external store, not in the manifests']],
    cisEks: [['4.4.2', 'secret values live in an external store, not in the manifests']],
  },
  'X-007': {
    pci: [['4.2.1', 'every hop is TLS or mesh mTLS (beyond the public networks the requirement names)'], ['8.3.2', 'credentials sent between services are encrypted']],
    hipaa: [['164.312(e)(1)', 'ePHI in transit is protected'], ['164.312(e)(2)(i)', 'TLS detects modification in transit'], ['164.312(e)(2)(ii)', 'ePHI is encrypted in transit']],
    gdpr: [['Art. 32(1)(a)', 'encryption in transit'], ['Art. 5(1)(f)', 'personal data in transit is protected against disclosure and alteration']],
    nist: [['SC-8(1)', 'cryptographic protection of every hop'], ['SC-8', 'confidentiality and integrity in transit']],
    cisK8s: 'the benchmark has no recommendation on service-to-service TLS',
    cisEks: 'the EKS benchmark\'s TLS recommendation (5.4.5) concerns load balancers, not service ports',
  },
  'X-008': {
    pci: [['7.2.5', 'the role is bound to exactly the service account its trust names']],
    hipaa: [['164.312(d)', 'the association and the trust name the same workload']],
    gdpr: [['Art. 32(1)(b)', 'AWS access is bound to known workloads']],
    nist: [['IA-9', 'association and trust agree on the workload identity']],
    cisK8s: AWS_RESOURCE_CIS,
    cisEks: [['5.2.1', 'each service account has its own IAM role']],
  },
  'X-009': {
    pci: [['1.2.5', 'every allowed flow names its peers and ports'], ['1.3.1', 'no rule admits everything']],
    hipaa: [['164.312(a)(1)', 'network rules name their peers']],
    gdpr: [['Art. 32(1)(b)', 'segmentation limits what a compromised pod reaches']],
    nist: [['AC-4', 'flows are allowed by exception only'], ['SC-7', 'no rule opens the boundary to every peer']],
    cisK8s: [['5.3.2', 'network policies restrict traffic']],
    cisEks: [['4.3.2', 'network policies restrict traffic']],
  },
  'X-010': {
    pci: [['10.2.1', 'every service\'s logs are collected'], ['10.3.3', 'logs leave the node for a central, encrypted store']],
    hipaa: [['164.312(b)', 'activity of the systems that hold ePHI is recorded']],
    gdpr: [['Art. 32(2)', 'a record of activity to assess unauthorised access and disclosure']],
    nist: [['AU-12', 'every service\'s records are collected'], ['AU-9(2)', 'records are stored off the node'], ['AU-2', 'container logs are the logged events']],
    cisK8s: 'the benchmark\'s logging recommendations concern the control plane\'s audit log, not workload logs',
    cisEks: 'the EKS benchmark\'s logging recommendations concern the control plane\'s audit log, not workload logs',
  },
  'X-011': {
    pci: [['4.2.1', 'the hop from the load balancer to the pods is TLS or mesh mTLS too'], ['8.3.2', 'credentials forwarded to the pods are encrypted']],
    hipaa: [['164.312(e)(1)', 'ePHI is protected on the hop to the pods'], ['164.312(e)(2)(i)', 'the pod\'s certificate is verified, so changes in transit are detected'], ['164.312(e)(2)(ii)', 'ePHI is encrypted up to the pod']],
    gdpr: [['Art. 32(1)(a)', 'encryption in transit'], ['Art. 5(1)(f)', 'personal data in transit is protected against disclosure and alteration']],
    nist: [['SC-8(1)', 'cryptographic protection of the hop to the pods'], ['SC-8', 'confidentiality and integrity up to the pod']],
    cisK8s: 'the benchmark has no recommendation on TLS between load balancers and pods',
    cisEks: 'the EKS benchmark\'s TLS recommendation (5.4.5) concerns the client\'s connection to the load balancer, not the hop to the pods',
  },
  'X-012': {
    pci: [['8.3.1', 'callers from the internet authenticate before reaching the service'], ['7.3.3', 'unauthenticated requests are refused by default']],
    hipaa: [['164.312(d)', 'callers are authenticated at the load balancer'], ['164.312(a)(1)', 'anonymous callers do not reach the service']],
    gdpr: [['Art. 25(2)', 'the service is not open to anyone by default'], ['Art. 32(1)(b)', 'only authenticated callers reach the processing']],
    nist: [['AC-3', 'the load balancer enforces authentication before access'], ['SC-7', 'the public boundary admits authenticated callers only']],
    cisK8s: 'the benchmark has no recommendation on authenticating callers of workloads',
    cisEks: 'the EKS benchmark\'s authentication recommendations concern cluster users, not callers of workloads',
  },
  'X-013': {
    pci: [['1.4.2', 'inbound traffic from the internet passes a web ACL']],
    hipaa: [['164.312(c)(1)', 'the web ACL can block injection attacks on stored ePHI']],
    gdpr: [['Art. 32(1)(b)', 'floods and common exploits can be stopped at the edge']],
    nist: [['SC-7', 'traffic is filtered at the boundary'], ['SC-5', 'the web ACL can limit request rates']],
    cisK8s: 'the benchmark has no recommendation on web application firewalls',
    cisEks: 'the EKS benchmark has no recommendation on web application firewalls',
  },
  'X-014': {
    pci: [['8.3.1', 'only tokens issued for this application and signed by the issuer\'s keys are accepted']],
    hipaa: [['164.312(d)', 'a token made for another application does not authenticate here']],
    gdpr: [['Art. 32(1)(b)', 'forged or misdirected tokens do not reach the processing']],
    nist: [['IA-5', 'token audience and signing keys are verified'], ['SC-8', 'the key set is fetched over https, so it cannot be swapped in transit']],
    cisK8s: 'the benchmark has no recommendation on validating the tokens of workload callers',
    cisEks: 'the EKS benchmark has no recommendation on validating the tokens of workload callers',
  },
  'X-015': {
    pci: [['7.3.3', 'the public entry point keeps the mesh\'s deny-unless-allowed checks'], ['7.3.1', 'callers of exposed workloads are checked by identity or condition']],
    hipaa: [['164.312(a)(1)', 'no rule admits every caller to an exposed workload']],
    gdpr: [['Art. 25(2)', 'exposed workloads are not open to every caller by default']],
    nist: [['AC-3', 'the mesh enforces who may call the exposed workload'], ['AC-4', 'flows into the exposed workload are allowed by rule, not wholesale']],
    cisK8s: 'the benchmark has no recommendation on service mesh authorization',
    cisEks: 'the EKS benchmark has no recommendation on service mesh authorization',
  },
  'X-016': {
    pci: [['8.6.2', 'the OIDC client secret is not written into the manifests'], ['8.3.2', 'the client secret is not stored readable in the repository']],
    hipaa: [['164.312(a)(1)', 'the credential of the login flow is not readable by whoever reads the manifests']],
    gdpr: [['Art. 32(1)(b)', 'protects the confidentiality of credentials']],
    nist: [['IA-5(7)', 'no embedded static authenticator for the identity provider'], ['IA-5', 'the client secret is delivered from the secret store']],
    cisK8s: [['5.4.2', 'the client secret comes from an external store']],
    cisEks: [['4.4.2', 'the client secret comes from an external store']],
  },
  'X-017': {
    pci: [['10.4.1.1', 'authentication failures, denials and errors are counted automatically in every service\'s logs']],
    hipaa: [['164.312(b)', 'the recorded activity is examined for authentication failures and denials']],
    gdpr: [['Art. 32(2)', 'unauthorised access attempts are counted, so the risk can be assessed'], ['Art. 32(1)(b)', 'errors that threaten availability are counted']],
    nist: [['AU-6(1)', 'log review is an automated process'], ['SI-4', 'the service\'s logs are monitored for attack indicators']],
    cisK8s: 'the benchmark has no recommendation on monitoring workload logs',
    cisEks: 'the benchmark has no recommendation on monitoring workload logs',
  },
  'X-018': {
    pci: [['10.4.1.1', 'the counts raise alarms without a person reading the logs'], ['10.4.1', 'security events reach someone at once, not at the next review']],
    hipaa: [['164.312(b)', 'suspicious activity in the audit records raises an alert']],
    gdpr: [['Art. 32(1)(b)', 'attacks and outages are noticed while they happen'], ['Art. 32(2)', 'unauthorised access attempts are reported to people who can act']],
    nist: [['SI-4(5)', 'the system raises alerts on indications of compromise'], ['AU-6', 'findings of the log analysis are reported']],
    cisK8s: 'the benchmark has no recommendation on alerting',
    cisEks: 'the benchmark has no recommendation on alerting',
  },
  'X-019': {
    pci: [['10.4.1.1', 'the service\'s metrics are reviewed by automated alert rules'], ['10.4.1', 'refusal and denial spikes reach someone at once, not at the next review']],
    hipaa: [['164.312(b)', 'the service\'s activity (errors, refused requests, denials) is examined by alert rules']],
    gdpr: [['Art. 32(1)(b)', 'failures that threaten the availability and resilience of the service are noticed while they happen']],
    nist: [['SI-4(5)', 'the system raises alerts on indications of compromise (denial and refusal spikes)'], ['SI-4', 'the service is monitored for attacks and failures']],
    cisK8s: 'the benchmark has no recommendation on alerting',
    cisEks: 'the benchmark has no recommendation on alerting',
  },
  'X-020': {
    pci: [['4.2.1', 'monitoring data crosses the network only over TLS with a verified peer'], ['10.4.1.1', 'the service is scraped, so its metrics are reviewed automatically']],
    hipaa: [['164.312(e)(1)', 'metrics about the service are protected in transit'], ['164.312(b)', 'the service\'s activity is recorded by the monitoring system']],
    gdpr: [['Art. 32(1)(a)', 'monitoring traffic is encrypted'], ['Art. 32(1)(b)', 'the service is observed, so outages are noticed']],
    nist: [['SC-8(1)', 'cryptographic protection of the monitoring traffic'], ['SI-4', 'the service is monitored']],
    cisK8s: 'the benchmark has no recommendation on monitoring transport',
    cisEks: 'the benchmark has no recommendation on monitoring transport',
  },
  'X-021': {
    pci: [['1.4.2', 'inbound traffic from the internet to a Gateway route is limited per client']],
    hipaa: 'the Security Rule\'s technical safeguards do not address request rates',
    gdpr: [['Art. 32(1)(b)', 'floods from one client cannot exhaust the service behind a Gateway']],
    nist: [['SC-5', 'the per-client rate limit of a Gateway route limits request rates'], ['SC-7', 'the boundary limits what one client may send']],
    cisK8s: 'the benchmark has no recommendation on rate limiting',
    cisEks: 'the EKS benchmark has no recommendation on rate limiting',
  },
  'X-022': {
    pci: [['1.4.2', 'inbound requests from the internet to a Gateway route are limited in size']],
    hipaa: 'the Security Rule\'s technical safeguards do not address request sizes',
    gdpr: [['Art. 32(1)(b)', 'oversized requests cannot exhaust the proxies or the service behind a Gateway']],
    nist: [['SC-5', 'oversized request bodies are refused before they reach the service'], ['SC-7', 'the boundary limits what one request may carry']],
    cisK8s: 'the benchmark has no recommendation on request sizes',
    cisEks: 'the EKS benchmark has no recommendation on request sizes',
  },
};

/** The rule ids the table covers. */
export function mappedRuleIds(): string[] {
  return Object.keys(TABLE);
}

/** The controls `ruleId` evidences (empty for an unknown rule). */
export function mappingsOf(ruleId: string): ControlMapping[] {
  const entry = TABLE[ruleId];
  if (!entry) return [];
  const out: ControlMapping[] = [];
  for (const [key, framework] of KEYS) {
    const e = entry[key];
    if (typeof e !== 'string') for (const [control, rationale] of e) out.push({ framework, control, rationale });
  }
  return out;
}

/**
 * Why `ruleId` evidences nothing of `framework`, or undefined when it maps to a control of it (or
 * is unknown).
 */
export function gapOf(ruleId: string, framework: Framework): string | undefined {
  const entry = TABLE[ruleId];
  if (!entry) return undefined;
  const key = KEYS.find(([, f]) => f === framework)![0];
  const e = entry[key];
  return typeof e === 'string' ? e : undefined;
}
