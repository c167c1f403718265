import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { stringify } from 'yaml';
import { compliantBundle, mutated, container, namespace } from './helpers';
import { buildShop } from '../../examples/shop/app';
import { PolicyStatement, SecureApp, SecureMicroservice } from '../../src';
import { evaluate, PolicyReport } from '../../src/policy/engine';
import { serviceGraph } from '../../src/policy/graph';
import { withInputIssues } from '../../src/policy/input-issues';
import { loadDirectory } from '../../src/policy/load';
import { renderMermaid } from '../../src/policy/mermaid';
import { IRule, PolicyInput, Severity } from '../../src/policy/model';
import { Packs } from '../../src/policy/packs';
import { renderJson, renderMarkdown, renderSarif, stableStringify, writeReports } from '../../src/policy/report';
import { image, newPlatform } from '../support/synth';

const withFindings = (): { report: PolicyReport; input: PolicyInput } => {
  const input = compliantBundle(mutated(d => {
    container(d).securityContext.privileged = true;
    container(d).imagePullPolicy = 'IfNotPresent';
    d.spec.replicas = 1;
  }));
  const report = evaluate(input, {
    rules: Packs.kubernetes(),
    suppressions: [{ ruleId: 'K8S-021', constructPath: 'prod/orders', reason: 'singleton by design (ADR-7)' }],
  });
  return { report, input };
};

describe('JSON', () => {
  test('is stable: same input, same bytes; keys sorted; no timestamps', () => {
    const a = renderJson(withFindings().report);
    const b = renderJson(withFindings().report);
    expect(a).toBe(b);
    const json = JSON.parse(a);
    expect(Object.keys(json)).toEqual([...Object.keys(json)].sort());
    expect(Object.keys(json.findings[0])).toEqual([...Object.keys(json.findings[0])].sort());
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(json.passed).toBe(false);
    expect(json.summary).toEqual(expect.objectContaining({ findings: 3, failing: 1, suppressed: 1 }));
    expect(json.findings.map((f: any) => [f.ruleId, f.severity, f.suppressed])).toEqual([
      ['K8S-002', 'error', false], ['K8S-021', 'error', true], ['K8S-016', 'warning', false],
    ]);
  });

  test('stableStringify sorts keys at every level and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
});

describe('SARIF', () => {
  const sarif = JSON.parse(renderSarif(withFindings().report));
  const run = sarif.runs[0];

  test('is a SARIF 2.1.0 log with the rules and their help', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    expect(run.tool.driver.name).toBe('secure-constructs');
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'K8S-002');
    expect(rule).toEqual(expect.objectContaining({
      id: 'K8S-002',
      shortDescription: { text: 'No privileged containers' },
      fullDescription: { text: expect.stringContaining('privileged') },
      defaultConfiguration: { level: 'error' },
    }));
    expect(rule.help.text).toContain('Fix: Remove `privileged: true`');
    expect(rule.help.markdown).toContain('**Fix:**');
    expect(run.tool.driver.rules.find((r: any) => r.id === 'K8S-016').defaultConfiguration.level).toBe('warning');
  });

  test('results carry rule, level, message, the output file and the construct path', () => {
    const result = run.results.find((r: any) => r.ruleId === 'K8S-002');
    expect(result).toEqual({
      ruleId: 'K8S-002',
      ruleIndex: run.tool.driver.rules.findIndex((r: any) => r.id === 'K8S-002'),
      level: 'error',
      message: { text: 'Deployment orders/orders: container "orders": is privileged' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'manifests.yaml', uriBaseId: '%SRCROOT%' } },
        logicalLocations: [{ fullyQualifiedName: 'prod/orders', name: 'Deployment orders/orders', kind: 'resource' }],
      }],
      partialFingerprints: { 'secureConstructsFinding/v1': expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(run.originalUriBaseIds['%SRCROOT%']).toBeDefined();
  });

  test('suppressed findings are results with an external suppression and its justification', () => {
    const result = run.results.find((r: any) => r.ruleId === 'K8S-021');
    expect(result.suppressions).toEqual([{ kind: 'external', justification: 'singleton by design (ADR-7) (suppression:prod/orders)' }]);
    expect(run.results.find((r: any) => r.ruleId === 'K8S-002').suppressions).toBeUndefined();
  });
});

/** The output of a directory as the checker reads it (objects and resources with their lines). */
function checkedDir(files: { [name: string]: string }): { report: PolicyReport; input: PolicyInput } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const input = loadDirectory(dir);
  return { report: withInputIssues(evaluate(input, { rules: Packs.all() }), input), input };
}

const PRIVILEGED = stringify(mutated(d => { container(d).securityContext.privileged = true; }));
const PUBLIC_BUCKET = JSON.stringify({ resource: { aws_s3_bucket: { data: { bucket: 'data' } } } }, null, 2);

describe('SARIF for code scanning', () => {
  const { report } = checkedDir({ 'kubernetes/app.yaml': `${stringify(namespace())}---\n${PRIVILEGED}`, 'terraform/main.tf.json': PUBLIC_BUCKET, 'broken.yaml': 'a: [\n' });
  const log = JSON.parse(renderSarif(report, { uriPrefix: 'dist' }));
  const run = log.runs[0];

  test('validates against the SARIF 2.1.0 schema (also the shop example\'s and an empty report)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    // A draft-04 schema: its `id` is `$id` in later drafts, which ajv 8 reads; nothing else differs for it.
    const { $schema, id, ...rest } = schema;
    expect($schema).toBe('http://json-schema.org/draft-04/schema#');
    // The schema's language pattern is not valid with the `u` flag, which ajv sets by default.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('uri', (v: string) => /^[a-z][a-z0-9+.-]*:/i.test(v));
    ajv.addFormat('uri-reference', (v: string) => !/\s/.test(v));
    ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)));
    const validate = ajv.compile({ ...rest, $id: id });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-sarif-'));
    buildShop(outdir).synth();
    const logs = [log, JSON.parse(fs.readFileSync(path.join(outdir, 'policy', 'report.sarif'), 'utf8')),
      JSON.parse(renderSarif(evaluate({ kubernetes: [], terraform: [] }, { rules: [] })))];
    for (const l of logs) {
      expect(validate(l) ? [] : validate.errors).toEqual([]);
    }
    // And it is strict enough to refuse a broken log.
    expect(validate({ ...log, runs: [{ ...run, results: [{ message: {} }] }] })).toBe(false);
  });

  test('a finding whose text is the rules\' placeholder leaves the document whole', () => {
    const placeholder = 'secure-constructs:rules';
    const rule = {
      id: 'APP-001',
      pack: 'app',
      severity: Severity.WARNING,
      title: 'A rule of the app',
      description: 'Reports one finding.',
      fix: 'Nothing to fix.',
      check: () => [{ constructPath: placeholder, file: '', resource: placeholder, message: placeholder }],
    };
    const own = evaluate({ kubernetes: [], terraform: [] }, { rules: [rule] });
    const text = renderSarif(own);
    const ownRun = JSON.parse(text).runs[0];
    const location = ownRun.results[0].locations[0].logicalLocations[0];
    expect(location).toEqual(expect.objectContaining({ fullyQualifiedName: placeholder, name: placeholder }));
    expect(ownRun.tool.driver.rules.map((r: any) => r.id)).toEqual(['APP-001']);
    // The file writeReports writes is the same text.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-placeholder-'));
    writeReports(dir, own, { kubernetes: [], terraform: [] });
    expect(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')).toBe(text);
  });

  test('the tool: version of the package, information URI, automation category', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(run.tool.driver).toEqual(expect.objectContaining({ name: 'secure-constructs', version: pkg.version, informationUri: 'https://github.com/maintainers/secure-constructs' }));
    expect(run.automationDetails).toEqual({ id: 'secure-constructs/' });
  });

  test('every rule has a helpUri to its section of docs/policies.md, a numeric security-severity and tags', () => {
    const catalog = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'policies.md'), 'utf8');
    const expected: { [s: string]: string } = { error: '8.0', warning: '5.0', info: '2.0' };
    for (const rule of run.tool.driver.rules) {
      const info = report.rules.find(r => r.id === rule.id)!;
      expect(rule.properties['security-severity']).toBe(expected[info.severity]);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toEqual(['security', info.pack, info.severity]);
      if (info.pack === 'input') {
        expect(rule.helpUri).toBe('https://github.com/maintainers/secure-constructs/blob/main/docs/checker.md#input-errors-and-remarks');
      } else {
        expect(rule.helpUri).toBe(`https://github.com/maintainers/secure-constructs/blob/main/docs/policies.md#${rule.id.toLowerCase()}`);
        expect(catalog).toContain(`\n### ${rule.id}\n`);
      }
    }
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'checker.md'), 'utf8')).toContain('\n## Input errors and remarks\n');
  });

  test('results: the file relative to the base with its line, and a fingerprint stable across runs', () => {
    const k8s = run.results.find((r: any) => r.ruleId === 'K8S-002');
    const deploymentLine = `${stringify(namespace())}---\n${PRIVILEGED}`.split('\n').indexOf('apiVersion: apps/v1') + 1;
    expect(deploymentLine).toBe(8);
    expect(k8s.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dist/kubernetes/app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: deploymentLine } });
    const tf = run.results.find((r: any) => r.ruleId.startsWith('AWS-') && r.message.text.startsWith('aws_s3_bucket.data'));
    expect(tf.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dist/terraform/main.tf.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } });
    const input = run.results.find((r: any) => r.ruleId === 'INPUT-001');
    expect(input.locations[0].physicalLocation.artifactLocation.uri).toBe('dist/broken.yaml');
    const again = JSON.parse(renderSarif(checkedDir({ 'kubernetes/app.yaml': `${stringify(namespace())}---\n${PRIVILEGED}`, 'terraform/main.tf.json': PUBLIC_BUCKET, 'broken.yaml': 'a: [\n' }).report, { uriPrefix: 'dist' })).runs[0];
    expect(again.results.map((r: any) => r.partialFingerprints)).toEqual(run.results.map((r: any) => r.partialFingerprints));
    const prints = run.results.map((r: any) => r.partialFingerprints['secureConstructsFinding/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    // Moving the object down the file keeps its fingerprint.
    const moved = JSON.parse(renderSarif(checkedDir({ 'kubernetes/app.yaml': `# comment\n\n${stringify(namespace())}---\n${PRIVILEGED}` }).report)).runs[0];
    const movedK8s = moved.results.find((r: any) => r.ruleId === 'K8S-002');
    expect(movedK8s.locations[0].physicalLocation.region).toEqual({ startLine: deploymentLine + 2 });
    expect(movedK8s.partialFingerprints).toEqual(k8s.partialFingerprints);
  });
});

describe('Markdown', () => {
  test('has the result, a summary per pack, findings, suppressions and the service graph', () => {
    const { report, input } = withFindings();
    const md = renderMarkdown(report, input);
    expect(md).toContain('**Failed**: 1 unsuppressed finding at or above `error`.');
    expect(md).toContain(`| kubernetes | ${Packs.kubernetes().length} | 1 | 1 | 0 | 1 |`);
    const docs = 'https://github.com/maintainers/secure-constructs/blob/main/docs/policies.md';
    expect(md).toContain('| Severity | Rule | Location | Construct | Resource | Message | Fix |');
    expect(md).toContain(`| error | [K8S-002](${docs}#k8s-002) | \`manifests.yaml\` | \`prod/orders\` | Deployment orders/orders | container "orders": is privileged | `
      + `${Packs.kubernetes().find(r => r.id === 'K8S-002')!.fix} |`);
    expect(md).toContain(`| [K8S-021](${docs}#k8s-021) | \`manifests.yaml\` | \`prod/orders\` | Deployment orders/orders | singleton by design (ADR-7) | suppression:prod/orders |`);
    expect(md).toContain('```mermaid\ngraph LR\n  n0["orders/orders<br/>OPEN: no NetworkPolicy"]\n  classDef open stroke:#c00,stroke-width:3px,stroke-dasharray:5\n  class n0 open\n```');
  });

  test('escapes table cells', () => {
    const rule: IRule = {
      id: 'T-001',
      pack: 'test',
      severity: Severity.ERROR,
      title: 't',
      description: 'd',
      fix: 'f',
      check: () => [{ constructPath: 'a', file: 'f', resource: 'r', message: 'x | y' }],
    };
    const md = renderMarkdown(evaluate({ kubernetes: [], terraform: [] }, { rules: [rule] }), { kubernetes: [], terraform: [] });
    expect(md).toContain('x \\| y');
    // An app's own rule has no page in the catalog: its id is not a link, its fix is shown.
    expect(md).toContain('| error | T-001 | `f` | `a` | r | x \\| y | f |');
  });
});

describe('service graph', () => {
  test('the shop: edges from NetworkPolicy egress across namespaces, TLS mode from the Services', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
    const app = buildShop(outdir);
    app.synth();
    const graph = serviceGraph(loadDirectory(outdir));
    expect(graph.edges).toEqual([
      { from: 'orders/orders', to: 'payments/payments', ports: ['9443'] },
      { from: 'web/web', to: 'orders/orders', ports: ['8443'] },
      { from: 'web/web', to: 'storefront/catalog', ports: ['8443'] },
    ]);
    expect(graph.nodes.map(n => n.id)).toEqual(['logging/fluent-bit', 'orders/orders', 'payments/payments', 'storefront/catalog', 'web/web']);
    for (const n of graph.nodes.filter(x => !x.logShipper)) expect(n.tls).toBeDefined();
    // web/web is n4, orders/orders n1 (services first, in namespace order).
    const md = fs.readFileSync(path.join(outdir, 'policy', 'report.md'), 'utf8');
    expect(md).toContain('  n4["web/web<br/>TLS"]');
    expect(md).toContain('  n4 -->|8443| n1');
  });

  test('services with an AWS role are marked (EKS Pod Identity association or IRSA annotation)', () => {
    const platform = newPlatform();
    const orders = new SecureMicroservice(platform, 'orders', { image: image('orders') });
    new SecureMicroservice(platform, 'web', { image: image('web') }).connectTo(orders);
    orders.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::orders-bucket/*'] }));
    const app = platform.node.root as SecureApp;
    app.synth();
    const graph = serviceGraph(loadDirectory(app.outdir));
    expect(graph.nodes.map(n => [n.id, n.awsRole])).toEqual([['logging/fluent-bit', true], ['orders/orders', true], ['web/web', false]]);
    const text = renderMermaid(graph);
    const id = (name: string) => /^ {2}(n\d+)\[/m.exec(text.split('\n').filter(l => l.includes(`"${name}`)).join('\n'))![1];
    expect(text).toMatch(new RegExp(`^ {2}${id('orders/orders')}\\["orders/orders<br/>[^"]* · AWS role"\\]$`, 'm'));
    expect(text).toContain(`  ${id('arn:aws:s3:::orders-bucket/*')}[("arn:aws:s3:::orders-bucket/*")]`);
    expect(text).toContain(`  ${id('orders/orders')} -.->|s3| ${id('arn:aws:s3:::orders-bucket/*')}`);
    expect(text).toContain(`  ${id('web/web')} -->|8443| ${id('orders/orders')}`);

    const irsa: PolicyInput = {
      terraform: [],
      kubernetes: [
        { file: 'a.yaml', index: 0, constructPath: 'x', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'n', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' } } } },
        { file: 'a.yaml', index: 1, constructPath: 'y', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { serviceAccountName: 'sa', containers: [] } } } } },
        { file: 'a.yaml', index: 2, constructPath: 'z', object: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'n' }, spec: { mtls: { mode: 'STRICT' } } } },
      ],
    };
    expect(serviceGraph(irsa).nodes).toEqual([{ id: 'n/d', constructPath: 'y', awsRole: true, tls: 'mesh mTLS', isolation: 'none' }]);
  });

  test('TLS mode: a cert-manager certificate mounted, else an HTTPS Service port, else none', () => {
    const deployment = (name: string, volumes: any[] = []) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'n' },
      spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [], volumes } } },
    });
    const service = (name: string, port: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'n' }, spec: { selector: { app: name }, ports: [port] } });
    const objects = [
      deployment('a', [{ name: 'tls', secret: { secretName: 'a-tls' } }]),
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'a', namespace: 'n' }, spec: { secretName: 'a-tls' } },
      deployment('b'), service('b', { name: 'https', port: 8443 }),
      deployment('c'), service('c', { name: 'http', port: 8080 }),
    ];
    const graph = serviceGraph({ terraform: [], kubernetes: objects.map((object, index) => ({ file: 'f.yaml', index, object, constructPath: `p${index}` })) });
    expect(graph.nodes.map(n => [n.id, n.tls])).toEqual([['n/a', 'TLS'], ['n/b', 'HTTPS'], ['n/c', undefined]]);
  });
});
