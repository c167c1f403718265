import { k8s, mutated, tf } from './helpers';
import { Errors } from '../../src/core/errors';
import { evaluate, PolicyFinding, validateRules } from '../../src/policy/engine';
import { IRule, PolicyInput, RuleFinding, Severity } from '../../src/policy/model';
import { Packs } from '../../src/policy/packs';

function rule(id: string, findings: (input: PolicyInput) => RuleFinding[], extra: Partial<IRule> = {}): IRule {
  return { id, pack: 'test', severity: Severity.ERROR, title: `rule ${id}`, description: 'a test rule', fix: 'fix it', check: findings, ...extra };
}

const at = (constructPath: string, message = 'bad'): RuleFinding => ({ constructPath, file: 'f.yaml', resource: `Thing ${constructPath}`, message });
const empty: PolicyInput = { kubernetes: [], terraform: [] };

describe('rules that fail to run', () => {
  test('a rule that throws yields an error-level failing finding, never a pass', () => {
    const report = evaluate(empty, { rules: [rule('T-001', () => { throw new Error('boom'); }, { severity: Severity.INFO })] });
    expect(report.findings).toEqual([expect.objectContaining({
      ruleId: 'T-001',
      severity: Severity.ERROR,
      failing: true,
      suppressed: false,
      message: expect.stringContaining('the rule failed to run, which counts as a failure: boom'),
    })]);
  });

  test('a rule that returns something other than an array is a failure', () => {
    const report = evaluate(empty, { rules: [rule('T-001', () => undefined as any)] });
    expect(report.findings[0].message).toContain('instead of an array');
    expect(report.findings[0].failing).toBe(true);
  });

  test('a rule that returns malformed findings is a failure', () => {
    const report = evaluate(empty, { rules: [rule('T-001', () => [{ message: 'x' } as any])] });
    expect(report.findings[0].message).toContain('without constructPath');
  });

  test('a broken rule cannot be suppressed, even from the root', () => {
    const report = evaluate(empty, {
      rules: [rule('T-001', () => { throw new Error('boom'); })],
      suppressions: [{ ruleId: 'T-001', constructPath: '', reason: 'suppress everything here' }],
    });
    expect(report.findings[0].failing).toBe(true);
    expect(report.suppressions[0].matched).toBe(0);
  });
});

describe('rule validation', () => {
  test('duplicate ids are rejected', () => {
    expect(() => validateRules([rule('T-001', () => []), rule('T-001', () => [])])).toThrow(/two rules have this id/);
  });
  test('malformed ids are rejected', () => {
    expect(() => validateRules([rule('t 1', () => [])])).toThrow(/upper-case letters/);
  });
  test('the library packs have unique, valid ids', () => {
    expect(() => validateRules(Packs.all())).not.toThrow();
  });
});

describe('suppressions', () => {
  const rules = [rule('T-001', () => [at('prod/orders'), at('prod/orders/Role'), at('prod/orders-v2'), at('prod/web')])];
  const suppressed = (f: PolicyFinding[]) => f.filter(x => x.suppressed).map(x => x.constructPath);

  test('apply to the construct and everything below it, nothing else', () => {
    const report = evaluate(empty, { rules, suppressions: [{ ruleId: 'T-001', constructPath: 'prod/orders', reason: 'accepted by review SEC-1' }] });
    expect(suppressed(report.findings)).toEqual(['prod/orders', 'prod/orders/Role']);
    expect(report.findings.find(f => f.constructPath === 'prod/orders')).toEqual(expect.objectContaining({
      suppressionReason: 'accepted by review SEC-1', suppressedBy: 'suppression:prod/orders', failing: false,
    }));
    expect(report.suppressions).toEqual([{ ruleId: 'T-001', constructPath: 'prod/orders', reason: 'accepted by review SEC-1', matched: 2 }]);
  });

  test('apply only to their rule', () => {
    const report = evaluate(empty, { rules, suppressions: [{ ruleId: 'T-002', constructPath: 'prod', reason: 'another rule entirely' }] });
    expect(suppressed(report.findings)).toEqual([]);
    expect(report.suppressions[0].matched).toBe(0);
  });

  test('a suppression on the root applies to everything', () => {
    const report = evaluate(empty, { rules, suppressions: [{ ruleId: 'T-001', constructPath: '', reason: 'whole app is a demo' }] });
    expect(suppressed(report.findings)).toHaveLength(4);
  });
});

describe('opt-outs', () => {
  const replicas = Packs.kubernetes().find(r => r.id === 'K8S-021')!;
  const single = (annotations: any) => {
    const deployment = mutated(d => {
      d.spec.replicas = 1;
      d.metadata.annotations = { ...d.metadata.annotations, ...annotations };
    });
    return { kubernetes: [k8s(deployment)], terraform: [] };
  };

  test('an opt-out annotation on the object suppresses the finding with its reason', () => {
    const report = evaluate(single({ 'opt-out.secure-constructs.io/single-replica': 'singleton consumer of a FIFO queue' }), { rules: [replicas] });
    expect(report.findings).toEqual([expect.objectContaining({
      ruleId: 'K8S-021',
      suppressed: true,
      failing: false,
      suppressionReason: 'singleton consumer of a FIFO queue',
      suppressedBy: 'opt-out:single-replica',
    })]);
  });

  test('an opt-out for another control, or with a short reason, does not', () => {
    for (const a of [{ 'opt-out.secure-constructs.io/unpinned-image': 'vendor publishes tags only' }, { 'opt-out.secure-constructs.io/single-replica': 'because' }]) {
      expect(evaluate(single(a), { rules: [replicas] }).findings[0].failing).toBe(true);
    }
  });

  test('a Pod is covered by the opt-out of the workload that owns it', () => {
    const digest = Packs.kubernetes().find(r => r.id === 'K8S-022')!;
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'legacy-1', namespace: 'ns', annotations: { 'opt-out.secure-constructs.io/unpinned-image': 'vendor publishes tags only' } } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'legacy-1-x', namespace: 'ns', ownerReferences: [{ kind: 'ReplicaSet', name: 'legacy-1' }] }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
    const report = evaluate({ kubernetes: [k8s(owner), k8s(pod, 'manifests.yaml', 1)], terraform: [] }, { rules: [digest] });
    expect(report.findings).toEqual([expect.objectContaining({ resource: 'Pod ns/legacy-1-x', suppressed: true, suppressedBy: 'opt-out:unpinned-image' })]);
  });
});

describe('threshold and order', () => {
  test('only unsuppressed findings at or above failOn fail', () => {
    const rules = [rule('T-001', () => [at('a')], { severity: Severity.WARNING }), rule('T-002', () => [at('b')], { severity: Severity.INFO })];
    expect(evaluate(empty, { rules }).findings.filter(f => f.failing)).toEqual([]);
    expect(evaluate(empty, { rules, failOn: Severity.WARNING }).findings.filter(f => f.failing).map(f => f.ruleId)).toEqual(['T-001']);
    expect(evaluate(empty, { rules, failOn: Severity.INFO }).findings.filter(f => f.failing)).toHaveLength(2);
  });

  test('findings are sorted by severity, rule, path, resource and message whatever the rule order', () => {
    const a = rule('T-002', () => [at('z'), at('a', 'y'), at('a', 'x')], { severity: Severity.WARNING });
    const b = rule('T-001', () => [at('m')]);
    const c = rule('T-003', () => [at('b')]);
    const order = (rules: IRule[]) => evaluate(empty, { rules }).findings.map(f => `${f.ruleId} ${f.constructPath} ${f.message}`);
    expect(order([a, b, c])).toEqual(['T-001 m bad', 'T-003 b bad', 'T-002 a x', 'T-002 a y', 'T-002 z bad']);
    expect(order([c, a, b])).toEqual(order([a, b, c]));
  });

  test('rules can look at Terraform resources too', () => {
    const r = rule('T-009', input => input.terraform.map(t => at(t.constructPath)));
    expect(evaluate({ kubernetes: [], terraform: [tf('aws_iam_role', 'r', {}, 'prod/orders/Role')] }, { rules: [r] }).findings[0].constructPath).toBe('prod/orders/Role');
  });
});

test('configuration errors are ConfigurationErrors', () => {
  try {
    validateRules([rule('bad id', () => [])]);
    throw new Error('expected a throw');
  } catch (e) {
    expect(Errors.isConfigurationError(e)).toBe(true);
  }
});
