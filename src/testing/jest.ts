/**
 * Jest matchers for secure-constructs apps. TypeScript/JavaScript only; import once per test file
 * (or from a `setupFilesAfterEach` module):
 *
 * @example
 * import 'secure-constructs/lib/testing/jest';
 * const out = Testing.synth(app);
 * expect(out).toPassPolicies();
 * expect(out).toAllowTraffic(web, orders, 8443);
 * await expect(out).toAllowAwsAction(orders, 'sqs:SendMessage', queueArn);
 * expect(out).toKeepStatefulResourcesOf('dist-main');
 */
import { AwsEnvironment, simulateAwsAccess } from './aws-access';
import { evaluateTraffic, PodRef } from './network-evaluator';
import { isServiceShape, serviceAccountOf, ServiceShape } from './service-shape';
import { SynthesizedApp, Testing } from './testing';
import { SecureApp } from '../app/secure-app';
import { resolveTerraformString } from '../aws/resolve-string';
import { diffOutputs, formatDestructions } from '../diff/diff';
import { Platform } from '../platform/platform';
import { formatFindings } from '../policy/report';

export type { ServiceShape };

/** A pod given to `toAllowTraffic`: a service, or a namespace and pod labels. */
export type TrafficEndpoint = ServiceShape | PodRef;

/** A workload given to `toAllowAwsAction`: a service, or its namespace and service account. */
export type AwsPrincipal = ServiceShape | { namespace: string; serviceAccount: string; environment?: AwsEnvironment };

/**
 * An output compared by `toKeepStatefulResourcesOf`: the result of `Testing.synth(app)`, an app
 * (synthesized with `Testing.synth`), or the path of an output directory (the `outdir` of an app
 * synthesized earlier, for example the `dist/` of the main branch).
 */
export type SynthesizedOutput = SynthesizedApp | SecureApp | string;

/** The matchers, for both jest's global `expect` and `import { expect } from '@jest/globals'`. */
export interface SecureConstructsMatchers<R> {
  /** The app's policy check passed: no unsuppressed finding at or above its threshold. */
  toPassPolicies(): R;
  /** Some Kubernetes object of `kind` matches `partial` (deep; arrays: each expected element matches some element). */
  toHaveKubernetesObject(kind: string, partial?: any): R;
  /** Some Terraform resource of `type` has arguments matching `partial`. */
  toHaveTerraformResource(type: string, partial?: any): R;
  /** The NetworkPolicies allow `from` to connect to `to` on TCP `port`. */
  toAllowTraffic(from: TrafficEndpoint, to: TrafficEndpoint, port: number): R;
  /**
   * IAM simulation: the service's role allows `action` on `resource`: an ARN, a Terraform
   * reference, or a construct's ARN property (`queue.queueArn`, `` `${bucket.bucketArn}/receipts/x` ``).
   * Await it.
   */
  toAllowAwsAction(service: AwsPrincipal, action: string, resource: string, context?: { [key: string]: string | string[] }): Promise<R>;
  /**
   * Going from the `before` output to this one destroys or replaces no stateful resource (a
   * table, bucket, queue, secret, key, log group...): what `secure-constructs diff <before> <this>`
   * checks. The failure message lists each resource destroyed or replaced and why, as the command
   * prints it. Both outputs are compared from their output directories, so give both as the same
   * kind of directory (an app's `outdir`, or both `terraform/` directories).
   */
  toKeepStatefulResourcesOf(before: SynthesizedOutput): R;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends SecureConstructsMatchers<R> {}
  }
}

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SecureConstructsMatchers<R> {}
}

function synthesized(received: unknown): SynthesizedApp {
  if (received instanceof SynthesizedApp) return received;
  if (received instanceof SecureApp) {
    return Testing.synth(received);
  }
  throw new Error(`expected a SecureApp or the result of Testing.synth(app), received ${typeof received}`);
}

/** The output directory of an output given to `toKeepStatefulResourcesOf`. */
function outputDir(value: unknown, role: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof SynthesizedApp || value instanceof SecureApp) return synthesized(value).outdir;
  throw new Error(`toKeepStatefulResourcesOf: ${role} must be the result of Testing.synth(app), a SecureApp or an output directory, received ${
    value === null ? 'null' : typeof value}`);
}

/** Whether `actual` matches `partial`: objects by the keys of `partial`, arrays by "each expected element matches some element". */
export function matchesPartial(actual: any, partial: any): boolean {
  if (Array.isArray(partial)) {
    return Array.isArray(actual) && partial.every(p => actual.some(a => matchesPartial(a, p)));
  }
  if (partial && typeof partial === 'object') {
    return !!actual && typeof actual === 'object' && Object.entries(partial).every(([k, v]) => matchesPartial(actual[k], v));
  }
  return Object.is(actual, partial);
}

/** The pod of a service (its pod template labels) or the given namespace and labels. */
function podOf(out: SynthesizedApp, endpoint: TrafficEndpoint): PodRef {
  if (isServiceShape(endpoint)) {
    const deployment = out.kubernetesObjects().find(o => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o?.kind)
      && (o.metadata?.namespace ?? 'default') === endpoint.namespace
      && Object.entries(endpoint.selectorLabels).every(([k, v]) => o.spec?.template?.metadata?.labels?.[k] === v));
    return { namespace: endpoint.namespace, labels: deployment?.spec?.template?.metadata?.labels ?? endpoint.selectorLabels };
  }
  if (!endpoint || typeof endpoint.namespace !== 'string') throw new Error('toAllowTraffic: pass a service (a construct with serviceName, namespace and selectorLabels) or { namespace, labels }');
  return { namespace: endpoint.namespace, labels: endpoint.labels ?? {} };
}

function name(endpoint: TrafficEndpoint): string {
  return isServiceShape(endpoint) ? endpoint.node.path : `${endpoint.namespace}/${JSON.stringify(endpoint.labels)}`;
}

/** What the matchers use of jest's matcher context. */
interface MatcherContext {
  readonly utils: { printExpected(value: unknown): string };
}

const matchers = {
  toPassPolicies(this: MatcherContext, received: unknown) {
    const out = synthesized(received);
    const failing = out.failingFindings();
    const pass = failing.length === 0 && out.synthError === undefined;
    return {
      pass,
      message: () => (pass ? 'expected the policy check to fail, but it passed'
        : `expected the policy check to pass, but ${failing.length ? `${failing.length} finding(s) fail it:\n${formatFindings(failing)}` : out.synthError}`),
    };
  },

  toHaveKubernetesObject(this: MatcherContext, received: unknown, kind: string, partial: any = {}) {
    const objects = synthesized(received).kubernetesObjects(kind);
    const pass = objects.some(o => matchesPartial(o, partial));
    return {
      pass,
      message: () => `expected ${pass ? 'no' : 'a'} ${kind} matching ${this.utils.printExpected(partial)}; ${kind} objects: ${objects.map(o => `${o?.metadata?.namespace ?? '-'}/${o?.metadata?.name}`).join(', ') || 'none'}`,
    };
  },

  toHaveTerraformResource(this: MatcherContext, received: unknown, type: string, partial: any = {}) {
    const resources = synthesized(received).terraformResources(type);
    const pass = resources.some(r => matchesPartial(r.config, partial));
    return {
      pass,
      message: () => `expected ${pass ? 'no' : 'a'} ${type} matching ${this.utils.printExpected(partial)}; ${type} resources: ${resources.map(r => r.name).join(', ') || 'none'}`,
    };
  },

  toAllowTraffic(this: MatcherContext, received: unknown, from: TrafficEndpoint, to: TrafficEndpoint, port: number) {
    const out = synthesized(received);
    const decision = evaluateTraffic(out.kubernetesObjects(), podOf(out, from), podOf(out, to), port);
    return {
      pass: decision.allowed,
      message: () => `expected traffic from ${name(from)} to ${name(to)} on TCP ${port} to be ${decision.allowed ? 'denied' : 'allowed'}: ${decision.explanation}`,
    };
  },

  async toAllowAwsAction(this: MatcherContext, received: unknown, service: AwsPrincipal, action: string, resource: string,
    context: { [key: string]: string | string[] } = {}) {
    const out = synthesized(received);
    let namespace: string; let serviceAccount: string; let env: AwsEnvironment;
    let arn = resource;
    if (isServiceShape(service)) {
      const platform = Platform.of(service);
      namespace = service.namespace;
      serviceAccount = serviceAccountOf(service);
      env = { account: platform.account, region: platform.region, partition: platform.partition };
      // A construct's ARN property is a cdktf token: it becomes the reference the output holds.
      if (typeof resource === 'string') arn = resolveTerraformString(SecureApp.of(service)._terraformApp, resource, platform.terraformStack);
    } else {
      if (!service || typeof service.namespace !== 'string' || typeof service.serviceAccount !== 'string') {
        throw new Error('toAllowAwsAction: pass a service (a construct with serviceName, namespace and selectorLabels) or { namespace, serviceAccount }');
      }
      namespace = service.namespace;
      serviceAccount = service.serviceAccount;
      env = service.environment ?? { account: '111122223333', region: 'us-east-1', partition: 'aws' };
    }
    if (typeof arn !== 'string') throw new Error(`toAllowAwsAction: the resource must be an ARN string, received ${typeof arn}`);
    const decision = await simulateAwsAccess(out.policyInput, env, namespace, serviceAccount, action, arn, context);
    return {
      pass: decision.allowed,
      message: () => `expected ${namespace}/${serviceAccount}${decision.roleName ? ` (role ${decision.roleName})` : ''} ${decision.allowed ? 'not ' : ''}to be allowed ${action} on ${decision.resource}: ${decision.result}`,
    };
  },

  toKeepStatefulResourcesOf(this: MatcherContext, received: unknown, before: unknown) {
    const beforeDir = outputDir(before, 'the output before the change');
    const afterDir = outputDir(received, 'the received output');
    const report = diffOutputs(beforeDir, afterDir);
    const pass = report.destructions.length === 0;
    return {
      pass,
      message: () => (pass
        ? `expected going from ${beforeDir} to ${afterDir} to destroy or replace a stateful resource, but it keeps every one`
        : `expected going from ${beforeDir} to ${afterDir} to keep every stateful resource, but:\n${formatDestructions(report)}`),
    };
  },
};

const globalExpect = (globalThis as any).expect;
if (globalExpect && typeof globalExpect.extend === 'function') {
  globalExpect.extend(matchers);
}

export { matchers };
