/**
 * The benchmark app: N services in one Platform, each with a digest-pinned image, two
 * `connectTo` edges, a secret and a data-store grant.
 *
 * The secrets and data stores come from other parts of the library that are being built at the
 * same time; the generator uses them only when the library exports them and a probe app with them
 * synthesizes. Otherwise it gives each service the same AWS permissions as plain statements
 * (`addToPrincipalPolicy`), so that every service still has an IAM role.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lib from '../src';
import { edgesOf, PORT, serviceImage, serviceName } from './common';

/** The library as loaded, with optional exports looked up by name. */
const exportsOf = lib as unknown as Record<string, any>;

/** Optional library features the generator can use. */
export type Feature = 'secret' | 'bucket';

/** All features, in the order they are probed. */
export const ALL_FEATURES: Feature[] = ['secret', 'bucket'];

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

/** Creates a construct whose constructor may or may not take props. */
function construct(ctor: any, scope: unknown, id: string): any {
  try {
    return new ctor(scope, id);
  } catch (e) {
    // Some constructs require a props object even when every prop has a default.
    return new ctor(scope, id, {});
  }
}

/** Calls the first grant method (in order of preference) that `resource` has. */
function grant(resource: any, methods: string[], grantee: unknown): void {
  const method = methods.find(m => typeof resource[m] === 'function');
  if (!method) throw new Error(`none of ${methods.join(', ')} exists on ${resource.constructor?.name}`);
  resource[method](grantee);
}

/** Adds feature `feature` to service `service` (index `i`) in platform `platform`. */
function addFeature(feature: Feature, platform: lib.Platform, service: lib.SecureMicroservice, i: number): void {
  switch (feature) {
    case 'secret': {
      const secret = construct(exportsOf.ManagedSecret, platform, `${serviceName(i)}-db`);
      grant(secret, ['grantRead'], service);
      break;
    }
    case 'bucket': {
      const bucket = construct(exportsOf.SecureBucket, platform, `${serviceName(i)}-data`);
      grant(bucket, ['grantReadWrite', 'grantRead'], service);
      break;
    }
  }
}

/** The plain statement that stands in for a missing feature. */
function fallbackStatement(feature: Feature, i: number): lib.PolicyStatement {
  switch (feature) {
    case 'secret':
      return new lib.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${serviceName(i)}-db-AbCdEf`],
      });
    case 'bucket':
      return new lib.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [`arn:aws:s3:::bench-${serviceName(i)}-data/*`],
      });
  }
}

/** Whether the library exports what `feature` needs. */
function exported(feature: Feature): boolean {
  switch (feature) {
    case 'secret': return typeof exportsOf.ManagedSecret === 'function';
    case 'bucket': return typeof exportsOf.SecureBucket === 'function';
  }
}

/**
 * Builds the benchmark app of `n` services writing to `outdir`, using `features` where they are
 * available and plain statements otherwise. Does not synthesize.
 */
export function buildApp(n: number, outdir: string, features: Feature[]): lib.SecureApp {
  const app = new lib.SecureApp({ outdir });
  const platform = new lib.Platform(app, 'bench', {
    account: ACCOUNT,
    region: REGION,
    cluster: lib.EksCluster.fromAttributes({ clusterName: 'bench-eks' }),
    awsEndpointCidrs: ['10.0.64.0/24'],
    tags: { 'cost-center': 'bench' },
  });
  const services: lib.SecureMicroservice[] = [];
  for (let i = 0; i < n; i++) {
    services.push(new lib.SecureMicroservice(platform, serviceName(i), {
      image: serviceImage(i),
      port: PORT,
      replicas: 2,
    }));
  }
  for (let i = 0; i < n; i++) {
    for (const t of edgesOf(i, n)) services[i].connectTo(services[t]);
  }
  for (let i = 0; i < n; i++) {
    for (const feature of ALL_FEATURES) {
      if (features.includes(feature)) addFeature(feature, platform, services[i], i);
      else services[i].addToPrincipalPolicy(fallbackStatement(feature, i));
    }
  }
  return app;
}

/** Result of probing the library for optional features. */
export interface ProbeResult {
  /** Features that exist and synthesize. */
  readonly features: Feature[];
  /** Why each other feature is not used. */
  readonly skipped: { [feature: string]: string };
}

/**
 * Finds the optional features the library has, by building and synthesizing a three-service app
 * with each one in a scratch directory. Run once by the runner, outside any measurement.
 */
export function probeFeatures(): ProbeResult {
  const features: Feature[] = [];
  const skipped: { [feature: string]: string } = {};
  for (const feature of ALL_FEATURES) {
    if (!exported(feature)) {
      skipped[feature] = 'not exported by the library';
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-probe-'));
    try {
      buildApp(3, dir, [feature]).synth();
      features.push(feature);
    } catch (e) {
      skipped[feature] = `probe failed: ${(e as Error).message.split('\n')[0]}`;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { features, skipped };
}
