import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IEksCluster } from './cluster';
import { StateBackend } from './state-backend';
import { StackRouter, TerraformStacks } from './terraform-stacks';
import { WorkloadIdentity, WorkloadIdentityMode } from './workload-identity';
import { SecureApp } from '../app/secure-app';
import { createStack } from '../aws/terraform';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';
import { inheritRemovalPolicy, RemovalPolicy, registerDefaultRemovalPolicy } from '../core/removal-policy';
import { ExposureController, ExposureMode } from '../exposure/controller';
import { importKey, IPlatformKey, PlatformKey } from '../kms/platform-key';
import { PlatformLogging } from '../logging/platform-logging';
import { ServiceMesh } from '../mesh/service-mesh';
import { ServiceTls } from '../tls/service-tls';
import { resolveTransport } from '../tls/transport';

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
}

/** A service registered with a platform. */
type RegisteredService = IConstruct & { readonly serviceName: string; readonly namespace: string };

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const OIDC_ISSUER = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~\/-]*)?$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(\d|[1-9]\d|1[01]\d|12[0-8])$/;

/** Validates a CIDR that scopes an egress rule; "everything" ranges are refused. */
export function validateCidr(scope: IConstruct, property: string, value: unknown): string {
  if (typeof value !== 'string' || !(IPV4_CIDR.test(value) || IPV6_CIDR.test(value))) {
    fail(scope, property, value, 'not an IPv4 or IPv6 CIDR', 'use a range such as "10.0.64.0/24"');
  }
  if (value.endsWith('/0')) {
    fail(scope, property, value, 'a /0 range opens egress to every address and defeats segmentation',
      'list the ranges of the AWS endpoints, e.g. the subnets of the VPC interface endpoints');
  }
  return value;
}

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
  /** The cdk8s chart holding this platform's Kubernetes objects. */
  public readonly chart: Chart;
  /**
   * The cdktf `TerraformStack` holding this platform's AWS resources (typed as a construct so
   * that only the AWS layer depends on cdktf).
   */
  public readonly terraformStack: Construct;

  private readonly stackRouter: StackRouter;
  private readonly importedKey?: IPlatformKey;
  private createdKey?: IPlatformKey;
  private readonly services = new Map<string, RegisteredService>();
  private readonly namespaces = new Map<string, Construct>();

  constructor(scope: SecureApp, id: string, props: PlatformProps) {
    super(scope, id);
    const app = SecureApp.of(this);
    validateDnsLabel(this, 'id', id);
    if (props === undefined || props === null) {
      fail(this, 'props', props, 'a platform needs its account, region and cluster',
        "pass { account: '111122223333', region: 'eu-west-1', cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }) }");
    }
    if (typeof props.account !== 'string' || !ACCOUNT.test(props.account)) {
      fail(this, 'account', props.account, 'not a 12-digit AWS account id', "pass the account as a string of 12 digits, e.g. '111122223333'");
    }
    if (typeof props.region !== 'string' || !REGION.test(props.region)) {
      fail(this, 'region', props.region, 'not an AWS region name', "pass a region such as 'eu-west-1'");
    }
    this.account = props.account;
    this.region = props.region;
    this.partition = props.partition ?? partitionOf(props.region);
    if (!PARTITIONS.includes(this.partition)) {
      fail(this, 'partition', props.partition, 'not an AWS partition', `use one of ${PARTITIONS.join(', ')}, or leave it unset to derive it from the region`);
    }
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
    this.awsEndpointCidrs = (props.awsEndpointCidrs ?? []).map((c, i) => validateCidr(this, `awsEndpointCidrs[${i}]`, c));
    const transport = resolveTransport(this, props.tls, props.mesh);
    this.tls = transport.tls;
    this.mesh = transport.mesh;
    this.loadBalancerSourceCidrs = (props.loadBalancerSourceCidrs ?? []).map((c, i) => validateCidr(this, `loadBalancerSourceCidrs[${i}]`, c));
    if (props.exposure !== undefined && !(props.exposure instanceof ExposureController)) {
      fail(this, 'exposure', props.exposure, 'not an ExposureController', "use ExposureController.awsLoadBalancer() or ExposureController.gatewayApi({ gatewayClassName: 'eg' })");
    }
    this.exposure = props.exposure ?? ExposureController.awsLoadBalancer();
    if (this.exposure.mode === ExposureMode.GATEWAY_API && this.mesh) {
      fail(this, 'exposure', this.exposure.mode, 'conflicts with mesh: the gateway connects to the pods over their cert-manager HTTPS port, and in mesh mode the pods serve plain HTTP to their proxy and the gateway is not a declared mesh peer',
        "drop `exposure` and expose mesh services through the mesh's ingress gateway, or drop `mesh` to use cert-manager TLS");
    }
    this.exposure._validate(this, 'exposure', this.tls.issuer);
    if (props.logging !== undefined && !(props.logging instanceof PlatformLogging)) {
      fail(this, 'logging', props.logging, 'not a PlatformLogging', "use PlatformLogging.cloudWatch({ ... }), or PlatformLogging.disabled('<reason>')");
    }
    this.logging = props.logging ?? PlatformLogging.cloudWatch();
    this.logging._validate(this, 'logging');
    if (this.logging.enabled && this.awsEndpointCidrs.length === 0) {
      fail(this, 'awsEndpointCidrs', [], `log shipping is on${props.logging === undefined ? ' by default' : ''}: the log shipper must reach the CloudWatch Logs endpoint on 443, and no AWS endpoint range is set`,
        "set awsEndpointCidrs to the subnets of the VPC interface endpoints (logs, and sts with IRSA), or turn log shipping off with logging: PlatformLogging.disabled('<reason>')");
    }

    if (props.keyArn !== undefined) this.importedKey = importKey(this, 'keyArn', props.keyArn);

    const tags = { 'secure-constructs:platform': id, 'managed-by': 'secure-constructs', ...(props.tags ?? {}) };
    const backend = props.stateBackend ?? StateBackend.local();
    const s3 = backend.s3Options;
    if (s3 && (typeof s3.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3.bucket))) {
      fail(this, 'stateBackend.bucket', s3.bucket, 'not an S3 bucket name', 'use 3-63 lower-case letters, digits, "." or "-"');
    }

    this.chart = new Chart(app.kubernetesApp, id, { disableResourceNameHashes: true });
    const layout = props.terraformStacks ?? TerraformStacks.single();
    const split = layout instanceof TerraformStacks && layout.perNamespaceStacks;
    const stack = (stackId: string, suffix?: string) => createStack(app._terraformApp, stackId, {
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
    this.terraformStack = stack(id);
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
