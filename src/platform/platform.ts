import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IEksCluster } from './cluster';
import { StateBackend } from './state-backend';
import { StackRouter, TerraformStacks } from './terraform-stacks';
import { WorkloadIdentity, WorkloadIdentityMode } from './workload-identity';
import { SecureApp } from '../app/secure-app';
import { configureStack, createStack, isTerraformStack, stackConflict, TerraformStack } from '../aws/terraform';
import { validateCidrList } from '../core/cidr';
import { childId } from '../core/claims';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';
import { checkProps, propKeys, PropsSpec } from '../core/props';
import { inheritRemovalPolicy, RemovalPolicy, registerDefaultRemovalPolicy } from '../core/removal-policy';
import { ExposureController } from '../exposure/controller';
import { importKey, IPlatformKey, PlatformKey } from '../kms/platform-key';
import { PlatformLogging } from '../logging/platform-logging';
import { ServiceMesh } from '../mesh/service-mesh';
import { Monitoring } from '../monitoring/monitoring';
import { NamespaceOwner, namespaceOwners } from '../network/reserved-namespaces';
import { ServiceTls } from '../tls/service-tls';
import { resolveTransport } from '../tls/transport';
import { EdgeWebAcl } from '../waf/web-acl';

/**
 * Properties of a {@link Platform}.
 */
export interface PlatformProps {
  /** The 12-digit AWS account id. */
  readonly account: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The AWS partition.
   *
   * @default - derived from the region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`
   */
  readonly partition?: string;
  /** The existing EKS cluster the platform deploys to. */
  readonly cluster: IEksCluster;
  /**
   * How pods obtain AWS credentials.
   *
   * @default WorkloadIdentity.podIdentity()
   */
  readonly workloadIdentity?: WorkloadIdentity;
  /**
   * Tags added to every AWS resource through the provider's default tags, after the library's own
   * (`secure-constructs:platform`, `managed-by`).
   *
   * @default - the library's tags only
   */
  readonly tags?: { [key: string]: string };
  /**
   * Where Terraform keeps state.
   *
   * @default StateBackend.local()
   */
  readonly stateBackend?: StateBackend;
  /**
   * CIDR ranges of the AWS API endpoints pods may reach on port 443 (for example the subnets of
   * the VPC's interface endpoints). With IRSA, pods that use AWS need STS here.
   *
   * @default - none: pods reach no AWS API endpoint
   */
  readonly awsEndpointCidrs?: string[];
  /**
   * ARN of an existing customer-managed KMS key (same account and region) that encrypts the
   * platform's secrets, buckets, queues and tables instead of a key created by the library. Its
   * key policy must delegate to IAM for the account (grants are identity policies) and, for
   * encrypted logs, admit CloudWatch Logs.
   *
   * @default - a platform key is created on first use: rotation on, 30-day deletion window,
   * alias `alias/<platform>-platform`
   */
  readonly keyArn?: string;
  /**
   * How service-to-service traffic is encrypted.
   *
   * @default - ServiceTls.certManager() (a private CA chain) without a mesh; ServiceTls.mesh() with one
   */
  readonly tls?: ServiceTls;
  /**
   * A service mesh (Istio) that encrypts every hop with mTLS STRICT and authorizes callers by
   * identity from the same `connectTo` edges as the NetworkPolicies. Conflicts with an explicit
   * `tls: ServiceTls.certManager()`.
   *
   * @default - no mesh
   */
  readonly mesh?: ServiceMesh;
  /**
   * CIDR ranges of the subnets the load balancers of exposed services run in: the sources an
   * exposed service's NetworkPolicy admits on its port. Required to expose a service (or pass
   * `sourceCidrs` to `expose`).
   *
   * @default - none
   */
  readonly loadBalancerSourceCidrs?: string[];
  /**
   * What serves exposed services (`SecureMicroservice.expose`): the AWS Load Balancer Controller,
   * or a Gateway API implementation for clusters without it (a shared Gateway per platform).
   *
   * @default ExposureController.awsLoadBalancer()
   */
  readonly exposure?: ExposureController;
  /**
   * Where the services' logs go. By default each service gets an encrypted CloudWatch log group
   * and a Fluent Bit shipper, which can write only to the platform's groups, runs on every node;
   * it reaches CloudWatch Logs through `awsEndpointCidrs`, which is then required. Turning it off
   * takes a reason: `PlatformLogging.disabled('<why>')`.
   *
   * @default PlatformLogging.cloudWatch()
   */
  readonly logging?: PlatformLogging;
  /**
   * An existing cdk8s Chart to write the platform's Kubernetes objects into, next to the chart's
   * own objects (one file, `<chart id>.k8s.yaml`). It must belong to the SecureApp's cdk8s app:
   * create it with `new Chart(app.kubernetesApp, 'id')`, or pass your own cdk8s App as
   * `new SecureApp({ kubernetesApp })`. A chart with a default `namespace` is refused (the
   * platform writes cluster-scoped Namespaces and objects in many namespaces), and so is a chart
   * another platform uses.
   *
   * @default - a chart named after the platform, created in the SecureApp's cdk8s app
   */
  readonly chart?: Chart;
  /**
   * An existing cdktf TerraformStack to write the platform's AWS resources into, next to the
   * stack's own resources. The platform adds the AWS provider (pinned to `account` and `region`,
   * with the default tags) and the state backend (`stateBackend`), so the stack must have
   * neither yet. It must belong to the SecureApp's cdktf app: create it with
   * `new TerraformStack(app.terraformApp, 'id')`, or pass your own cdktf App as
   * `new SecureApp({ terraformApp })`.
   *
   * @default - a stack named after the platform, created in the SecureApp's cdktf app
   */
  readonly terraformStack?: TerraformStack;
  /**
   * Name of an existing PriorityClass the services' pods run at (`priorityClassName`); the library
   * then writes none. Names starting with `system-` are reserved for the cluster's own critical
   * components and are refused.
   *
   * @default - the library writes the PriorityClass `<platform>-service` (value 1000000, never
   * preempts other pods) and the services use it
   */
  readonly servicePriorityClassName?: string;
  /**
   * The settings of the platform's library-owned WAFv2 web ACL, which internet-facing exposures
   * get unless they name their own `webAclArn`: AWS managed rule groups, a rate limit per client
   * IP, a request body size limit and encrypted, redacted logs. Written on first use.
   *
   * @default EdgeWebAcl.managed() (1000 requests per client IP per 5 minutes, bodies up to 8 KB)
   */
  readonly webAcl?: EdgeWebAcl;
  /**
   * The removal policy of the platform's stateful resources (its KMS key, log groups, access-log
   * bucket, and the secrets, buckets, queues and tables that set none of their own). Retained by
   * default: Terraform refuses to destroy or replace them. For throw-away environments,
   * `RemovalPolicy.destroy('<reason>')`; the reason is written into each resource's output and the
   * policy report.
   *
   * @default RemovalPolicy.retain()
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How the platform's Terraform is split into stacks (states): one stack, or a shared stack plus
   * one per namespace (or named group of namespaces), with cross-stack references and a state (and
   * S3 key) per stack.
   *
   * @default TerraformStacks.single()
   */
  readonly terraformStacks?: TerraformStacks;
  /**
   * How the services are watched. By default an SNS alert topic encrypted with the platform key
   * (TLS only), and per service CloudWatch metric filters on its log group for authentication
   * failures (401), authorization denials (403) and server errors (5xx), each with an alarm that
   * notifies the topic. Turning it off takes a reason: `Monitoring.disabled('<why>')`.
   *
   * @default Monitoring.cloudWatch()
   */
  readonly monitoring?: Monitoring;
}

/** A service registered with a platform. */
type RegisteredService = IConstruct & { readonly serviceName: string; readonly namespace: string };

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const OIDC_ISSUER = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~\/-]*)?$/;
const PRIORITY_CLASS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const CIDR_OPEN_FIX = 'list the ranges that need access, e.g. the subnets of the VPC interface endpoints or of the load balancers';

/**
 * One EKS cluster in one AWS account and region.
 *
 * A platform owns one cdk8s Chart (written to `kubernetes/<id>.k8s.yaml`) and one cdktf stack
 * (written to `terraform/stacks/<id>/cdk.tf.json`) with the AWS provider pinned to its account and
 * region. Services are created under it.
 */
export class Platform extends Construct {
  /**
   * The platform `scope` belongs to.
   *
   * @throws ConfigurationError when `scope` is not under a Platform
   */
  public static of(scope: IConstruct): Platform {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof Platform) return s;
    }
    return fail(scope, 'scope', scope.node.scope?.node.path || '<root>', 'the construct is not inside a Platform',
      'create it with a Platform (or a construct inside one) as its scope');
  }

  /** The AWS account id. */
  public readonly account: string;
  /** The AWS region. */
  public readonly region: string;
  /** The AWS partition. */
  public readonly partition: string;
  /** The EKS cluster. */
  public readonly cluster: IEksCluster;
  /** How pods obtain AWS credentials. */
  public readonly workloadIdentity: WorkloadIdentity;
  /** CIDR ranges of the AWS API endpoints pods may reach on 443. */
  public readonly awsEndpointCidrs: string[];
  /** How service-to-service traffic is encrypted. */
  public readonly tls: ServiceTls;
  /** The service mesh, if any. */
  public readonly mesh?: ServiceMesh;
  /** CIDR ranges load balancers reach exposed services from. */
  public readonly loadBalancerSourceCidrs: string[];
  /** What serves exposed services. */
  public readonly exposure: ExposureController;
  /** Where the services' logs go (`enabled` is false when log shipping is turned off). */
  public readonly logging: PlatformLogging;
  /** The PriorityClass the services' pods run at. */
  public readonly servicePriorityClassName: string;
  /**
   * Whether the library writes the services' PriorityClass (no `servicePriorityClassName` given).
   * @internal
   */
  public readonly _writesServicePriorityClass: boolean;
  /** The settings of the platform's library-owned web ACL. */
  public readonly webAcl: EdgeWebAcl;
  /** How the services are watched (`enabled` is false when monitoring is turned off). */
  public readonly monitoring: Monitoring;
  /** The cdk8s chart holding this platform's Kubernetes objects. */
  public readonly chart: Chart;
  /**
   * The cdktf `TerraformStack` holding this platform's AWS resources.
   *
   * Add raw cdktf resources to it (`new S3Bucket(platform.terraformStack, 'id', { ... })`); the
   * policy check judges them too.
   */
  public readonly terraformStack: TerraformStack;

  /**
   * Who owns a namespace the library must not write, label or default-deny (the cluster, an
   * add-on the platform references), or undefined.
   * @internal
   */
  public readonly _namespaceOwner: NamespaceOwner;

  private readonly stackRouter: StackRouter;
  private readonly importedKey?: IPlatformKey;
  private createdKey?: IPlatformKey;
  private readonly services = new Map<string, RegisteredService>();
  private readonly namespaces = new Map<string, Construct>();

  constructor(scope: SecureApp, id: string, props: PlatformProps) {
    super(scope, childId(scope, id, 'Platform'));
    const app = SecureApp.of(this);
    validateDnsLabel(this, 'id', id);
    if (props === undefined || props === null) {
      fail(this, 'props', props, 'a platform needs its account, region and cluster',
        "pass { account: '111122223333', region: 'eu-west-1', cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }) }");
    }
    checkProps(this, 'props', props, platformPropsSpec());
    if (typeof props.account !== 'string' || !ACCOUNT.test(props.account)) {
      fail(this, 'account', props.account, 'not a 12-digit AWS account id', "pass the account as a string of 12 digits, e.g. '111122223333'");
    }
    if (typeof props.region !== 'string' || !REGION.test(props.region)) {
      fail(this, 'region', props.region, 'not an AWS region name', "pass a region such as 'eu-west-1'");
    }
    this.account = props.account;
    this.region = props.region;
    this.partition = validatePartition(this, props.region, props.partition);
    if (!props.cluster || typeof props.cluster.clusterName !== 'string' || !CLUSTER_NAME.test(props.cluster.clusterName)) {
      fail(this, 'cluster.clusterName', props.cluster?.clusterName, 'not an EKS cluster name (1-100 letters, digits, "-" or "_", starting with a letter or digit)',
        "pass cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' })");
    }
    this.cluster = props.cluster;
    this.workloadIdentity = props.workloadIdentity ?? WorkloadIdentity.podIdentity();
    if (this.workloadIdentity.mode === WorkloadIdentityMode.IRSA) {
      const issuer = props.cluster.oidcIssuerUrl;
      if (issuer === undefined) {
        fail(this, 'cluster.oidcIssuerUrl', issuer, 'IRSA needs the cluster\'s OIDC issuer to build the role trust policy',
          "pass EksCluster.fromAttributes({ clusterName, oidcIssuerUrl: 'https://oidc.eks.<region>.amazonaws.com/id/<ID>' }), or use WorkloadIdentity.podIdentity()");
      }
      if (!OIDC_ISSUER.test(issuer)) {
        fail(this, 'cluster.oidcIssuerUrl', issuer, 'not an https URL', "pass the issuer as shown by `aws eks describe-cluster`, e.g. 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE'");
      }
    }
    this.awsEndpointCidrs = validateCidrList(this, 'awsEndpointCidrs', props.awsEndpointCidrs, { what: 'egress', openFix: CIDR_OPEN_FIX });
    const transport = resolveTransport(this, props.tls, props.mesh);
    this.tls = transport.tls;
    this.mesh = transport.mesh;
    this.loadBalancerSourceCidrs = validateCidrList(this, 'loadBalancerSourceCidrs', props.loadBalancerSourceCidrs, { what: 'ingress', openFix: CIDR_OPEN_FIX });
    if (props.exposure !== undefined && !(props.exposure instanceof ExposureController)) {
      fail(this, 'exposure', props.exposure, 'not an ExposureController', "use ExposureController.awsLoadBalancer() or ExposureController.gatewayApi({ gatewayClassName: 'eg' })");
    }
    this.exposure = props.exposure ?? ExposureController.awsLoadBalancer();
    this._namespaceOwner = namespaceOwners(this.tls, this.mesh, this.exposure);
    this.exposure._validate(this, 'exposure', this.tls.issuer, this.mesh !== undefined, this._namespaceOwner);
    if (props.logging !== undefined && !(props.logging instanceof PlatformLogging)) {
      fail(this, 'logging', props.logging, 'not a PlatformLogging', "use PlatformLogging.cloudWatch({ ... }), or PlatformLogging.disabled('<reason>')");
    }
    this.logging = props.logging ?? PlatformLogging.cloudWatch();
    this.logging._validate(this, 'logging', this._namespaceOwner);
    if (this.logging.enabled && this.awsEndpointCidrs.length === 0) {
      fail(this, 'awsEndpointCidrs', [], `log shipping is on${props.logging === undefined ? ' by default' : ''}: the log shipper must reach the CloudWatch Logs endpoint on 443, and no AWS endpoint range is set`,
        "set awsEndpointCidrs to the subnets of the VPC interface endpoints (logs, and sts with IRSA), or turn log shipping off with logging: PlatformLogging.disabled('<reason>')");
    }

    const priorityClass = props.servicePriorityClassName;
    if (priorityClass !== undefined && (typeof priorityClass !== 'string' || !PRIORITY_CLASS_NAME.test(priorityClass))) {
      fail(this, 'servicePriorityClassName', priorityClass, 'not a PriorityClass name (a DNS subdomain: lower-case letters, digits, "-" and ".", at most 253 characters)',
        "pass the name of an existing PriorityClass, e.g. 'business-critical', or leave it unset to use the library's own");
    }
    if (priorityClass?.startsWith('system-')) {
      fail(this, 'servicePriorityClassName', priorityClass, 'the system- classes are reserved for components the cluster cannot run without; services at that priority would preempt them',
        "use a PriorityClass of your own, or leave it unset to use the library's (`<platform>-service`)");
    }
    this.servicePriorityClassName = priorityClass ?? `${id}-service`;
    this._writesServicePriorityClass = priorityClass === undefined;
    if (props.webAcl !== undefined && !(props.webAcl instanceof EdgeWebAcl)) {
      fail(this, 'webAcl', props.webAcl, 'not an EdgeWebAcl', 'use EdgeWebAcl.managed({ rateLimit, rateLimitWindow, maxRequestBodyBytes })');
    }
    this.webAcl = props.webAcl ?? EdgeWebAcl.managed();
    this.webAcl._validate(this, 'webAcl');
    if (props.monitoring !== undefined && !(props.monitoring instanceof Monitoring)) {
      fail(this, 'monitoring', props.monitoring, 'not a Monitoring', "use Monitoring.cloudWatch({ ... }), Monitoring.prometheus({ ... }), or Monitoring.disabled('<reason>')");
    }
    this.monitoring = props.monitoring ?? Monitoring.cloudWatch();
    this.monitoring._validate(this, 'monitoring');

    if (props.keyArn !== undefined) this.importedKey = importKey(this, 'keyArn', props.keyArn);

    const tags = { ...LIBRARY_TAGS(id), ...validateTags(this, props.tags, Object.keys(LIBRARY_TAGS(id))) };
    const backend = props.stateBackend ?? StateBackend.local();
    const s3 = backend.s3Options;
    if (s3 && (typeof s3.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3.bucket))) {
      fail(this, 'stateBackend.bucket', s3.bucket, 'not an S3 bucket name', 'use 3-63 lower-case letters, digits, "." or "-"');
    }

    this.chart = props.chart !== undefined ? adoptChart(this, app, props.chart)
      : new Chart(app.kubernetesApp, id, { disableResourceNameHashes: true });
    const layout = props.terraformStacks ?? TerraformStacks.single();
    const split = layout instanceof TerraformStacks && layout.perNamespaceStacks;
    const adopted = props.terraformStack !== undefined ? adoptStack(this, app, props.terraformStack) : undefined;
    if (adopted && split) {
      fail(this, 'terraformStacks', 'per namespace', 'a split layout creates a stack per namespace next to the platform\'s own, and an existing terraformStack is one stack',
        'use TerraformStacks.single() with an existing stack, or leave terraformStack unset');
    }
    const stackConfig = (stackId: string, suffix?: string) => ({
      region: this.region,
      allowedAccountIds: [this.account],
      defaultTags: tags,
      // With several stacks, other stacks read this one's local state from their own directory.
      localStatePath: split ? `../${stackId}/terraform.${stackId}.tfstate` : undefined,
      s3State: s3 ? {
        bucket: s3.bucket,
        key: s3.key === undefined ? `${stackId}/terraform.tfstate` : suffix === undefined ? s3.key : s3.key.replace(/(\.tfstate)?$/, `.${suffix}.tfstate`),
        region: s3.region ?? this.region,
        kmsKeyId: s3.kmsKeyId,
        dynamodbTable: s3.dynamodbTable,
      } : undefined,
    });
    const stack = (stackId: string, suffix?: string) => createStack(app._terraformApp, stackId, stackConfig(stackId, suffix));
    this.terraformStack = adopted ? configureStack(adopted, adopted.node.id, stackConfig(adopted.node.id)) : stack(id);
    this.stackRouter = new StackRouter(this, this.terraformStack, layout, (stackId, suffix) => {
      const created = stack(stackId, suffix);
      inheritRemovalPolicy(this.terraformStack, created);
      return created;
    });
    registerDefaultRemovalPolicy(this, this.terraformStack, 'removalPolicy', props.removalPolicy);
  }

  /**
   * The KMS key that encrypts the platform's data stores: the key passed as `keyArn`, or one
   * created (once, on first use) in the platform's stack.
   */
  public get key(): IPlatformKey {
    if (this.importedKey) return this.importedKey;
    if (!this.createdKey) {
      const id = 'Key';
      this.createdKey = new PlatformKey(this, id, new Construct(this.terraformStack, id));
    }
    return this.createdKey;
  }

  /** ARN of the EKS cluster. */
  public get clusterArn(): string {
    return `arn:${this.partition}:eks:${this.region}:${this.account}:cluster/${this.cluster.clusterName}`;
  }

  /**
   * The scope under the platform's chart that mirrors `construct`'s path below the platform.
   * @internal
   */
  public _kubernetesScope(construct: IConstruct): Construct {
    return mirror(this, construct, this.chart);
  }

  /**
   * The scope under the platform's Terraform stack that mirrors `construct`'s path below the
   * platform.
   * @internal
   */
  public _terraformScope(construct: IConstruct): Construct {
    return mirror(this, construct, this.stackRouter.stackFor(construct));
  }

  /**
   * Registers a service; two services may not share a namespace and name.
   * @internal
   */
  public _registerService(service: RegisteredService): void {
    const key = `${service.namespace}/${service.serviceName}`;
    const existing = this.services.get(key);
    if (existing) {
      fail(service, 'name', service.serviceName, `a service with this name already exists in namespace "${service.namespace}" (${existing.node.path})`,
        'give one of the services another name or namespace');
    }
    this.services.set(key, service);
  }

  /**
   * The namespace scope for `name`, created with `create` on first use.
   * @internal
   */
  public _namespace(name: string, create: (scope: Construct) => void): void {
    if (this.namespaces.has(name)) return;
    const scope = new Construct(this.chart, `Namespace-${name}`);
    this.namespaces.set(name, scope);
    create(scope);
  }
}

const PLATFORM_PROPS_KEYS = propKeys<PlatformProps>({
  account: true,
  region: true,
  partition: true,
  cluster: true,
  workloadIdentity: true,
  tags: true,
  stateBackend: true,
  awsEndpointCidrs: true,
  keyArn: true,
  tls: true,
  mesh: true,
  loadBalancerSourceCidrs: true,
  exposure: true,
  logging: true,
  chart: true,
  terraformStack: true,
  servicePriorityClassName: true,
  webAcl: true,
  removalPolicy: true,
  terraformStacks: true,
  monitoring: true,
});

/** What the shape check of PlatformProps expects (built on use: the classes come from modules that import this one). */
const platformPropsSpec = (): PropsSpec => ({
  knownKeys: PLATFORM_PROPS_KEYS,
  strings: ['account', 'region', 'partition', 'keyArn', 'servicePriorityClassName'],
  lists: ['awsEndpointCidrs', 'loadBalancerSourceCidrs'],
  stringMaps: ['tags'],
  objects: ['cluster'],
  classes: {
    workloadIdentity: WorkloadIdentity,
    stateBackend: StateBackend,
    tls: ServiceTls,
    mesh: ServiceMesh,
    exposure: ExposureController,
    logging: PlatformLogging,
    webAcl: EdgeWebAcl,
    removalPolicy: RemovalPolicy,
    terraformStacks: TerraformStacks,
    monitoring: Monitoring,
  },
  hints: { cluster: "EksCluster.fromAttributes({ clusterName: 'prod-eks' })" },
});

/** Tags the library adds to every AWS resource of a platform. */
const LIBRARY_TAGS = (platform: string): { [key: string]: string } => ({ 'secure-constructs:platform': platform, 'managed-by': 'secure-constructs' });

/** Tags per resource AWS allows (tags with the reserved `aws:` prefix do not count). */
const MAX_TAGS = 50;
/** Characters AWS allows in tag keys and values across services. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Validates user tags by the rules AWS applies to tags: keys of 1 to 128 and values of up to 256
 * characters, letters, digits, spaces and `_ . : / = + - @` only, no `aws:` prefix (reserved for
 * AWS, in any case) on keys or values, no two keys that differ only in case (some services
 * treat keys case-insensitively), none of the library's own keys, and at most 50 tags with the
 * library's.
 */
function validateTags(scope: IConstruct, tags: { [key: string]: string } | undefined, reserved: string[]): { [key: string]: string } {
  if (tags === undefined) return {};
  const seen = new Map<string, string>(reserved.map(k => [k.toLowerCase(), k]));
  const keys = Object.keys(tags);
  for (const key of keys) {
    const value = tags[key];
    const property = `tags.${key}`;
    if ([...key].length < 1 || [...key].length > 128) {
      fail(scope, 'tags', key, `a tag key has 1 to 128 characters, this one ${[...key].length}`, 'shorten the key');
    }
    if (!TAG_CHARACTERS.test(key)) {
      fail(scope, 'tags', key, 'a tag key may hold only letters, digits, spaces and _ . : / = + - @', 'remove the other characters from the key');
    }
    if (/^aws:/i.test(key)) {
      fail(scope, 'tags', key, 'the "aws:" prefix is reserved for tags AWS sets itself; AWS refuses it in user tags', 'use a key of your own, e.g. "team:owner"');
    }
    const clash = seen.get(key.toLowerCase());
    if (clash !== undefined) {
      fail(scope, 'tags', key, reserved.includes(clash)
        ? `"${clash}" is a tag the library sets on every resource (it identifies the platform)`
        : `the key differs from "${clash}" only in case; some AWS services treat tag keys case-insensitively`,
      'use another key');
    }
    seen.set(key.toLowerCase(), key);
    if ([...value].length > 256) {
      fail(scope, property, value, `a tag value has at most 256 characters, this one ${[...value].length}`, 'shorten the value');
    }
    if (!TAG_CHARACTERS.test(value)) {
      fail(scope, property, value, 'a tag value may hold only letters, digits, spaces and _ . : / = + - @', 'remove the other characters from the value');
    }
    if (/^aws:/i.test(value)) {
      fail(scope, property, value, 'the "aws:" prefix is reserved for AWS, in tag values too', 'drop the prefix');
    }
  }
  if (keys.length + reserved.length > MAX_TAGS) {
    fail(scope, 'tags', `${keys.length} tags`, `AWS allows ${MAX_TAGS} tags per resource, and the library adds ${reserved.length} of its own`, `pass at most ${MAX_TAGS - reserved.length} tags`);
  }
  return { ...tags };
}

/**
 * The partition of `region`, checked against an explicit `partition`: a region belongs to one
 * partition only (`cn-north-1` to `aws-cn`, `us-gov-west-1` to `aws-us-gov`), and a mismatch would
 * write ARNs no AWS API accepts.
 */
function validatePartition(scope: IConstruct, region: string, partition: unknown): string {
  const expected = partitionOf(region);
  if (partition === undefined) return expected;
  if (typeof partition !== 'string' || !PARTITIONS.includes(partition)) {
    fail(scope, 'partition', partition, 'not an AWS partition', `use one of ${PARTITIONS.join(', ')}, or leave it unset to derive it from the region`);
  }
  if (partition !== expected) {
    fail(scope, 'partition', partition, `region ${region} is in partition ${expected}, not ${partition}`,
      `leave partition unset (it is derived from the region), or set it to '${expected}'; or use a region of ${partition}`);
  }
  return partition;
}

/** Charts and stacks that a platform writes into (one platform each). */
const adopted = new WeakMap<IConstruct, Platform>();

function adoptChart(platform: Platform, app: SecureApp, chart: unknown): Chart {
  if (!Chart.isChart(chart)) {
    return fail(platform, 'chart', chart, 'not a cdk8s Chart', 'pass a Chart created with `new Chart(app.kubernetesApp, id)`, or leave it unset');
  }
  if (chart.node.root !== app.kubernetesApp) {
    fail(platform, 'chart', chart.node.path, "the chart belongs to another cdk8s App than the SecureApp's, so the SecureApp would not write it",
      'create the chart in the SecureApp\'s app (`new Chart(app.kubernetesApp, id)`), or pass your App as `new SecureApp({ kubernetesApp })`');
  }
  if (chart.namespace !== undefined) {
    fail(platform, 'chart', `${chart.node.path} (namespace "${chart.namespace}")`,
      "the chart has a default namespace, which cdk8s would also give the platform's cluster-scoped objects (Namespaces) and objects of other namespaces",
      'create the chart without `namespace`; the platform names each object\'s namespace itself');
  }
  claim(platform, 'chart', chart);
  return chart;
}

function adoptStack(platform: Platform, app: SecureApp, stack: unknown): TerraformStack {
  if (!isTerraformStack(stack)) {
    return fail(platform, 'terraformStack', stack, 'not a cdktf TerraformStack',
      'pass a TerraformStack created with `new TerraformStack(app.terraformApp, id)`, or leave it unset');
  }
  if (stack.node.root !== app.terraformApp) {
    fail(platform, 'terraformStack', stack.node.path, "the stack belongs to another cdktf App than the SecureApp's, so the SecureApp would not write it",
      'create the stack in the SecureApp\'s app (`new TerraformStack(app.terraformApp, id)`), or pass your App as `new SecureApp({ terraformApp })`');
  }
  claim(platform, 'terraformStack', stack);
  const conflict = stackConflict(stack);
  if (conflict) {
    fail(platform, 'terraformStack', stack.node.path, `${conflict}; the platform adds the AWS provider pinned to its account and region, and the state backend`,
      'remove them from the stack, and set the backend with the platform\'s `stateBackend` (e.g. StateBackend.s3({ bucket }))');
  }
  return stack;
}

function claim(platform: Platform, property: string, target: IConstruct): void {
  const owner = adopted.get(target);
  if (owner) {
    fail(platform, property, target.node.path, `platform ${owner.node.path} already writes into it`, 'give each platform its own');
  }
  adopted.set(target, platform);
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** Creates (or finds) the scopes under `root` that mirror `construct`'s path below `platform`. */
function mirror(platform: Platform, construct: IConstruct, root: Construct): Construct {
  const chain: IConstruct[] = [];
  for (let s: IConstruct | undefined = construct; s && s !== platform; s = s.node.scope) chain.unshift(s);
  let current: Construct = root;
  for (const c of chain) {
    current = (current.node.tryFindChild(c.node.id) as Construct | undefined) ?? new Construct(current, c.node.id);
  }
  return current;
}
