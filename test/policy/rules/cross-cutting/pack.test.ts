import { CROSS_CUTTING_RULES } from '../../../../src/policy/rules/cross-cutting';

describe('cross-cutting pack', () => {
  test('ids are unique, sequential and the metadata is complete', () => {
    expect(CROSS_CUTTING_RULES.map(r => r.id)).toEqual(CROSS_CUTTING_RULES.map((_, i) => `X-${String(i + 1).padStart(3, '0')}`));
    for (const r of CROSS_CUTTING_RULES) {
      expect(r.pack).toBe('cross-cutting');
      expect(r.description.length).toBeGreaterThan(40);
    }
  });

  test('no rule throws on odd input', () => {
    const odd: any[] = [null, 'x', 1, {}, { spec: null }, { spec: { template: {} } }, { spec: { ports: 'x', template: { spec: { volumes: 'x' } } } }];
    const kubernetes = ['Deployment', 'Service', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'PeerAuthentication']
      .flatMap(kind => odd.map((o, i) => ({ file: 'f', index: i, object: o && typeof o === 'object' ? { kind, ...o } : o, constructPath: 'p' })));
    const terraform = ['aws_iam_role', 'aws_eks_pod_identity_association', 'aws_iam_role_policy']
      .flatMap(type => odd.map((config, i) => ({ file: 'f', stack: 's', type, name: `n${i}`, config, constructPath: 'p' })));
    for (const r of CROSS_CUTTING_RULES) expect(() => r.check({ kubernetes, terraform })).not.toThrow();
  });
});
