import { defaultDeny, deployment, input, k8s, messages } from './fixtures';
import { DEFAULT_DENY_NETWORK_POLICY } from '../../../../src/policy/rules/cross-cutting/default-deny-network-policy';

describe('X-001 default-deny NetworkPolicy', () => {
  test('a workload in a namespace with default-deny passes, also when split in two policies', () => {
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [defaultDeny('a'), deployment('a', 'a')]))).toEqual([]);
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [defaultDeny('a', ['Ingress']), defaultDeny('a', ['Egress']), deployment('a', 'a')]))).toEqual([]);
  });

  test('flags missing, one-directional and non-denying policies', () => {
    const allowAll = k8s({ kind: 'NetworkPolicy', metadata: { name: 'all', namespace: 'c' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] } });
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [
      deployment('a', 'a'),
      defaultDeny('b', ['Ingress']), deployment('b', 'b'),
      allowAll, deployment('c', 'c'),
      defaultDeny('other'),
    ]))).toEqual([
      'no default-deny Ingress and Egress NetworkPolicy in namespace "a"',
      'no default-deny Egress NetworkPolicy in namespace "b"',
      'no default-deny Ingress and Egress NetworkPolicy in namespace "c"',
    ]);
  });

  describe('every pod-producing kind counts', () => {
    const podSpec = { serviceAccountName: 'x', containers: [{ name: 'x', image: 'x' }] };
    const template = { metadata: { labels: { app: 'x' } }, spec: podSpec };
    const objects: any[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'n', labels: { app: 'x' } }, spec: podSpec },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'n' }, spec: { selector: { matchLabels: { app: 'x' } }, template } },
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'n' }, spec: { selector: { app: 'x' }, template } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deploy', namespace: 'n' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'sts', namespace: 'n' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'n' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job', namespace: 'n' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'n' }, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } },
    ];

    test('each is flagged without a default-deny policy', () => {
      const findings = DEFAULT_DENY_NETWORK_POLICY.check(input([], objects.map((o, i) => k8s(o, i))));
      expect(findings.map(f => f.resource)).toEqual(['Pod n/pod', 'ReplicaSet n/rs', 'ReplicationController n/rc', 'Deployment n/deploy', 'StatefulSet n/sts', 'DaemonSet n/ds', 'Job n/job', 'CronJob n/cron']);
    });

    test('each passes under a default-deny policy', () => {
      expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [defaultDeny('n'), ...objects.map((o, i) => k8s(o, i))]))).toEqual([]);
    });
  });
});
