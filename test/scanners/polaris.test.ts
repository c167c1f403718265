import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderGoTemplate } from './go-template';
import { failures, loadCheck, loadDefaultConfig, polarisAudit, readManifests } from './polaris';
import { buildMeshShop } from '../../examples/mesh/app';
import { buildShop } from '../../examples/shop/app';
import { synth } from '../support/synth';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'scanners', 'polaris', 'fixtures');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-polaris-'));

/** The failing checks of `objects` with every Polaris exemption annotation removed. */
function withoutExemptions(objects: any[]): any[] {
  return objects.map(o => {
    const copy = JSON.parse(JSON.stringify(o));
    const a = copy.metadata?.annotations ?? {};
    for (const k of Object.keys(a)) if (k.startsWith('polaris.fairwinds.com/')) delete a[k];
    return copy;
  });
}

/** Polaris exemptions on an object: check id → the reason recorded next to it. */
function exemptionsOf(o: any): { [check: string]: string | undefined } {
  const a = o.metadata?.annotations ?? {};
  return Object.fromEntries(Object.keys(a)
    .map(k => /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null && a[m[0]] === 'true')
    .map(m => [m[1], a[`polaris-exempt.secure-constructs.io/${m[1]}`]]));
}

describe('the Polaris harness', () => {
  test('has every check of the default configuration, vendored or implemented', () => {
    const config = loadDefaultConfig();
    expect(Object.keys(config.checks).length).toBeGreaterThanOrEqual(40);
    expect(config.checks.tagNotSpecified).toBe('danger');
    expect(config.checks.priorityClassNotSet).toBe('warning');
    expect(() => polarisAudit([])).not.toThrow();
    expect(loadCheck('missingNetworkPolicy')?.target).toBe('PodTemplate');
  });

  test.each([
    ['missingNetworkPolicy.failure.netpol_targets_wrong_pod_label.yaml', 'missingNetworkPolicy', false],
    ['missingNetworkPolicy.failure.netpol_missing_ingress_rules.yaml', 'missingNetworkPolicy', false],
    ['missingNetworkPolicy.success.yaml', 'missingNetworkPolicy', true],
    ['metadataAndInstanceMismatched.failure.yaml', 'metadataAndInstanceMismatched', false],
    ['metadataAndInstanceMismatched.success.yaml', 'metadataAndInstanceMismatched', true],
    ['priorityClassNotSet.failure.yaml', 'priorityClassNotSet', false],
    ['linuxHardening.failure.nothing_is_satisfied.yaml', 'linuxHardening', false],
    ['linuxHardening.success.seccomp_profile_pod.yaml', 'linuxHardening', true],
  ])('judges Polaris\' own test manifest %s as Polaris does', (file, check, success) => {
    const results = polarisAudit(readManifests(path.join(FIXTURES, file))).filter(r => r.check === check);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every(r => r.success === success)).toBe(true);
  });

  test('fails a Deployment that breaks the checks the library fixed, and honours exemption annotations', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'web', labels: { 'app.kubernetes.io/instance': 'prod-web' } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { 'app': 'web', 'app.kubernetes.io/instance': 'prod-web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    };
    // Selects both pod labels: Polaris wants exactly one of them matched.
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web', namespace: 'web' },
      spec: { podSelector: { matchLabels: { 'app': 'web', 'app.kubernetes.io/instance': 'prod-web' } }, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] },
    };
    const failing = failures(polarisAudit([deployment, policy]));
    for (const check of ['metadataAndInstanceMismatched', 'missingNetworkPolicy', 'priorityClassNotSet', 'deploymentMissingReplicas', 'missingPodDisruptionBudget']) {
      expect(failing).toContain(`${check} Deployment web/web`);
    }
    for (const check of ['runAsRootAllowed', 'linuxHardening', 'notReadOnlyRootFilesystem', 'readinessProbeMissing']) {
      expect(failing).toContain(`${check} Deployment web/web web`);
    }

    const exempt = { ...deployment, metadata: { ...deployment.metadata, annotations: { 'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true', 'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'false' } } };
    const after = failures(polarisAudit([exempt, policy]));
    expect(after).not.toContain('priorityClassNotSet Deployment web/web');
    expect(after).toContain('missingNetworkPolicy Deployment web/web');
    const all = { ...deployment, metadata: { ...deployment.metadata, annotations: { 'polaris.fairwinds.com/exempt': 'TRUE' } } };
    expect(failures(polarisAudit([all, policy]))).toEqual([]);
  });

  test('implements the Go check on a PDB whose minAvailable equals the HPA minimum', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'n' }, spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers: [] } } } };
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'a', namespace: 'n' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'a' }, minReplicas: 2, maxReplicas: 5 } };
    const pdb = (minAvailable: unknown) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a', namespace: 'n' }, spec: { minAvailable, selector: { matchLabels: { app: 'a' } } } });
    const result = (minAvailable: unknown) => polarisAudit([deployment, hpa, pdb(minAvailable)]).find(r => r.check === 'pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas')!.success;
    expect(result(2)).toBe(false);
    expect(result('100%')).toBe(false);
    expect(result(1)).toBe(true);
    expect(result('50%')).toBe(true);
  });

  test('renders the Go template constructs the checks use', () => {
    const data = { metadata: { name: 'x', labels: { b: '2', a: '1' } }, Polaris: { PodSpec: { securityContext: {} } } };
    expect(renderGoTemplate('{{ range $k, $v := .metadata.labels }}[{{ $k }}={{ $v }}]{{ end }}', data)).toBe('[a=1][b=2]');
    expect(renderGoTemplate('a  {{- if .metadata.name }} yes {{- else }} no {{- end }}', data)).toBe('a yes');
    expect(renderGoTemplate('{{ $t := .Polaris.PodSpec.securityContext.seccompProfile.type }}{{ if or (not $t) (eq $t "Unconfined") }}req{{ end }}', data)).toBe('req');
    expect(renderGoTemplate('{{/* comment */}}{{ if and (ne .metadata.name "y") (not (hasPrefix .metadata.name "system:")) }}ok{{ end }}', data)).toBe('ok');
    expect(() => renderGoTemplate('{{ template "x" }}', data)).toThrow();
  });
});

describe.each([
  ['shop', buildShop],
  ['mesh', buildMeshShop],
])('the %s example under Polaris\' default configuration', (_name, build) => {
  let objects: any[];
  beforeAll(() => {
    objects = synth(build(tmp())).objects;
  });

  test('has no failing check', () => {
    expect(failures(polarisAudit(objects))).toEqual([]);
  });

  test('exempts exactly the checks that would fail, each with its reason', () => {
    const failing = failures(polarisAudit(withoutExemptions(objects)));
    const exempted = objects.flatMap(o => Object.keys(exemptionsOf(o)).map(check => ({ o, check })));
    expect(exempted.length).toBeGreaterThan(0);
    for (const { o, check } of exempted) {
      expect(failing.some(f => f.startsWith(`${check} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`))).toBe(true);
      expect(exemptionsOf(o)[check]?.length).toBeGreaterThan(20);
    }
    expect(failing.length).toBeGreaterThanOrEqual(exempted.length);
  });
});
