import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import { buildShop } from '../../examples/shop/app';
import { OptOut, Platform, SecureApp, SecureMicroservice } from '../../src';
import { Errors } from '../../src/core/errors';
import { IRule, Severity } from '../../src/policy/model';
import { Policy } from '../../src/policy/policy';
import { image, newApp, newPlatform, PLATFORM_PROPS } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-policy-'));

function privilegedOrders(platform = newPlatform()): SecureMicroservice {
  const orders = new SecureMicroservice(platform, 'orders', { image: image('orders') });
  orders.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
  return orders;
}

/**
 * The findings of a report except the log shipper's (logging is on by default; its declared
 * exceptions are accepted findings of their own, checked in the shop example test below).
 */
function serviceFindings<T extends { constructPath: string }>(findings: T[]): T[] {
  return findings.filter(f => f.constructPath !== 'test/LogShipper');
}

function synthError(app: SecureApp): Error {
  try {
    app.synth();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected synth to fail');
}

describe('the shop example', () => {
  test('synthesizes with zero failing findings and writes the three reports', () => {
    const outdir = tmp();
    const app = buildShop(outdir);
    app.synth();
    // Every service passes every rule. The only findings are the library's declared exceptions,
    // each accepted with its reason: the log shipper's (reading /var/log on the node), through
    // opt-outs, and the ALB access-log bucket's SSE-S3 (the only encryption ELB delivers to).
    const findings = app.policyReport!.findings;
    expect(findings.filter(f => !f.suppressed)).toEqual([]);
    expect(new Set(findings.map(f => f.constructPath))).toEqual(new Set(['prod/LogShipper', 'prod/AlbAccessLogs/Resource']));
    expect(findings.map(f => `${f.ruleId} ${f.suppressedBy}`).sort()).toEqual([
      'AWS-013 suppression:prod/AlbAccessLogs/Resource',
      'K8S-001 opt-out:run-as-root',
      'K8S-008 opt-out:host-path',
      'K8S-010 opt-out:host-path',
      'K8S-014 opt-out:run-as-root',
      'K8S-024 opt-out:pod-security-level',
    ]);
    expect(app.policyReport!.suppressions.map(s => [s.ruleId, s.constructPath, s.matched])).toEqual([['AWS-013', 'prod/AlbAccessLogs/Resource', 1]]);
    for (const f of findings) expect(f.suppressionReason!.length).toBeGreaterThan(30);
    for (const f of ['report.json', 'report.sarif', 'report.md']) expect(fs.existsSync(path.join(outdir, 'policy', f))).toBe(true);
    const md = fs.readFileSync(path.join(outdir, 'policy', 'report.md'), 'utf8');
    expect(md).toContain('**Passed**');
    expect(md).toContain('graph LR');
  });
});

describe('escape hatches are checked', () => {
  test('a Deployment patched to privileged fails synth with K8S-002 at the service path', () => {
    const orders = privilegedOrders();
    const error = synthError(orders.node.root as SecureApp);
    expect(Errors.isConfigurationError(error)).toBe(false);
    expect(error.message).toContain('Policy check failed: 1 finding at or above "error"');
    const at = /- \[error\] K8S-002 test\/orders \(Deployment orders\/orders at (kubernetes\/test\.k8s\.yaml):(\d+)\): container "orders": is privileged/.exec(error.message);
    expect(at).not.toBeNull();
    const outdir = (orders.node.root as SecureApp).outdir;
    // The line is the Deployment's first line in the written manifest.
    const lines = fs.readFileSync(path.join(outdir, at![1]), 'utf8').split('\n');
    expect(lines[Number(at![2]) - 1]).toBe('apiVersion: apps/v1');
    expect(lines[Number(at![2])]).toBe('kind: Deployment');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'policy', 'report.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(serviceFindings<any>(report.findings).map((f: any) => f.ruleId)).toEqual(['K8S-002']);
  });

  test('more escape-hatch misconfigurations each give their finding', () => {
    const platform = newPlatform();
    const svc = new SecureMicroservice(platform, 'orders', { image: image('orders') });
    svc.deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/hostNetwork', true),
      JsonPatch.replace('/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem', false),
      JsonPatch.replace('/spec/template/spec/containers/0/image', 'nginx:1.27'),
    );
    const error = synthError(platform.node.root as SecureApp);
    for (const id of ['K8S-007', 'K8S-012', 'K8S-022']) expect(error.message).toContain(`${id} test/orders`);
  });

  test('a suppression with a reason accepts the finding and is listed in the report', () => {
    const orders = privilegedOrders();
    Policy.of(orders).suppress('K8S-002', 'eBPF agent needs privileged mode; approved in SEC-77');
    const app = orders.node.root as SecureApp;
    app.synth();
    expect(serviceFindings(app.policyReport!.findings)).toEqual([expect.objectContaining({ ruleId: 'K8S-002', suppressed: true, suppressionReason: 'eBPF agent needs privileged mode; approved in SEC-77' })]);
    const md = fs.readFileSync(path.join(app.outdir, 'policy', 'report.md'), 'utf8');
    expect(md).toContain('eBPF agent needs privileged mode; approved in SEC-77');
  });

  test('a suppression on the platform covers the services below it', () => {
    const platform = newPlatform();
    privilegedOrders(platform);
    Policy.of(platform).suppress('K8S-002', 'lab cluster, privileged tooling allowed');
    (platform.node.root as SecureApp).synth();
  });
});

describe('suppressions are validated', () => {
  const service = () => new SecureMicroservice(newPlatform(), 'orders', { image: image('orders') });

  test.each([
    ['an unknown rule id', 'K8S-999', 'a reason long enough', /no rule has this id/],
    ['a wrongly cased rule id', 'k8s-002', 'a reason long enough', /did you mean "K8S-002"/],
    ['a wildcard', 'K8S-*', 'a reason long enough', /wildcards are not allowed/],
    ['an empty reason', 'K8S-002', '', /at least 10 characters/],
    ['a short reason', 'K8S-002', 'because', /at least 10 characters/],
    ['a blank reason', 'K8S-002', '             ', /at least 10 characters/],
  ])('%s is a ConfigurationError', (_what, ruleId, reason, message) => {
    const svc = service();
    let error: unknown;
    try {
      Policy.of(svc).suppress(ruleId, reason);
    } catch (e) {
      error = e;
    }
    expect(Errors.isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('[test/orders]');
  });

  test('a suppression that matches no finding fails synth', () => {
    const svc = service();
    Policy.of(svc).suppress('K8S-002', 'was privileged once, no longer');
    const error = synthError(svc.node.root as SecureApp);
    expect(Errors.isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('[test/orders] suppress(\'K8S-002\')');
    expect(error.message).toContain('matches no finding');
  });

  test('suppressions are listed per construct', () => {
    const svc = service();
    Policy.of(svc).suppress('K8S-021', 'first reason here');
    Policy.of(svc).suppress('K8S-002', 'second reason here');
    expect(Policy.of(svc).suppressions.map(s => s.ruleId)).toEqual(['K8S-002', 'K8S-021']);
  });
});

describe('opt-outs recorded by SecureMicroservice', () => {
  test('a single-replica opt-out passes synth and is reported as suppressed with its reason', () => {
    const platform = newPlatform();
    new SecureMicroservice(platform, 'cron', { image: image('cron'), replicas: 1, optOuts: [OptOut.singleReplica('leader-elected singleton, see ADR-12')] });
    const app = platform.node.root as SecureApp;
    app.synth();
    expect(serviceFindings(app.policyReport!.findings)).toEqual([expect.objectContaining({
      ruleId: 'K8S-021', suppressed: true, suppressedBy: 'opt-out:single-replica', suppressionReason: 'leader-elected singleton, see ADR-12',
    })]);
  });
});

describe('custom rules', () => {
  const teamLabel: IRule = {
    id: 'ACME-001',
    pack: 'acme',
    severity: Severity.WARNING,
    title: 'Deployments carry a team label',
    description: 'Alerts are routed by the acme.com/team label.',
    fix: 'Add the label acme.com/team.',
    check: input => input.kubernetes
      .filter(o => o.object.kind === 'Deployment' && !o.object.metadata?.labels?.['acme.com/team'])
      .map(o => ({ constructPath: o.constructPath, file: o.file, resource: `Deployment ${o.object.metadata.name}`, message: 'has no team label' })),
  };

  test('user rules run with the packs; the threshold decides whether they fail synth', () => {
    const lenient = new SecureApp({ outdir: tmp(), policy: { rules: [teamLabel] } });
    new SecureMicroservice(new Platform(lenient, 'test', PLATFORM_PROPS), 'orders', { image: image() });
    lenient.synth();
    expect(serviceFindings(lenient.policyReport!.findings).map(f => [f.ruleId, f.failing])).toEqual([['ACME-001', false]]);

    const strict = new SecureApp({ outdir: tmp(), policy: { rules: [teamLabel], failOn: Severity.WARNING } });
    new SecureMicroservice(new Platform(strict, 'test', PLATFORM_PROPS), 'orders', { image: image() });
    expect(synthError(strict).message).toContain('ACME-001 test/orders');
  });

  test('user rules can be suppressed by id', () => {
    const app = new SecureApp({ outdir: tmp(), policy: { rules: [teamLabel], failOn: Severity.WARNING } });
    const svc = new SecureMicroservice(new Platform(app, 'test', PLATFORM_PROPS), 'orders', { image: image() });
    Policy.of(svc).suppress('ACME-001', 'owned by the platform team itself');
    app.synth();
  });

  test('a user rule reusing a built-in id is rejected', () => {
    expect(() => new SecureApp({ outdir: tmp(), policy: { rules: [{ ...teamLabel, id: 'K8S-001' }] } })).toThrow(/two rules have this id/);
  });

  test('a throwing user rule fails synth', () => {
    const app = new SecureApp({ outdir: tmp(), policy: { rules: [{ ...teamLabel, check: () => { throw new Error('boom'); } }] } });
    new SecureMicroservice(new Platform(app, 'test', PLATFORM_PROPS), 'orders', { image: image() });
    expect(synthError(app).message).toContain('ACME-001 (rule ACME-001)');
  });
});

test('an app without services synthesizes with no findings', () => {
  const app = newApp();
  new Platform(app, 'empty', PLATFORM_PROPS);
  app.synth();
  expect(app.policyReport!.findings).toEqual([]);
});
