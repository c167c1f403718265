import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../bench/generate';
import { buildShop } from '../../examples/shop/app';
import { serviceGraph } from '../../src/policy/graph';
import { loadDirectory } from '../../src/policy/load';
import { MERMAID_LIMITS, renderMermaid, renderMermaidDiagrams } from '../../src/policy/mermaid';
import { KubernetesObject, PolicyInput, TerraformResource } from '../../src/policy/model';

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Mermaid's count of links: every arrow of a diagram. */
function links(text: string): number {
  return text.split('\n').filter(l => / (-->|==>|-\.->)/.test(l)).length;
}

function inputOf(objects: any[], terraform: TerraformResource[] = []): PolicyInput {
  return { kubernetes: objects.map((object, index): KubernetesObject => ({ file: 'a.yaml', index, object, constructPath: `p${index}` })), terraform };
}

const deployment = (name: string, ns = 'shop', extra: any = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [] } } },
  ...extra,
});
const service = (name: string, ns = 'shop', spec: any = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 443 }], ...spec } });
const denyAll = (ns = 'shop') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });

describe('the shop example', () => {
  const outdir = tmp('graph-shop-');
  buildShop(outdir).synth();
  const graph = serviceGraph(loadDirectory(outdir));
  const text = renderMermaid(graph);

  test('the internet entry points: the internet-facing Ingresses, their hosts and protocols, routing to web and the orders API', () => {
    expect(graph.entryPoints).toEqual([
      { id: 'Ingress orders/orders', kind: 'Ingress', hosts: ['api.shop.example.com'], exposure: 'internet-facing', protocols: ['HTTPS'], targets: ['orders/orders'] },
      { id: 'Ingress web/web', kind: 'Ingress', hosts: ['shop.example.com'], exposure: 'internet-facing', protocols: ['HTTPS'], targets: ['web/web'] },
    ]);
    expect(text).toMatch(/ {2}(n\d+)\(\("Internet"\)\)\n {2}\1 -->\|internet-facing\| (n\d+)\n {2}\2 ==> n\d+/);
  });

  test('the AWS grants: each workload to the resources its role may use, by Terraform address', () => {
    const of = (id: string) => graph.grants!.filter(g => g.from === id).map(g => `${g.resource.replace(/_[0-9A-F]{8}$/, '')} ${g.services.join(',')}`);
    expect(of('orders/orders')).toEqual(['aws_kms_key.Key kms', 'aws_s3_bucket.receipts s3', 'aws_secretsmanager_secret.orders-db secretsmanager', 'aws_sqs_queue.payment-requests sqs']);
    expect(of('storefront/catalog')).toEqual(['aws_dynamodb_table.products dynamodb', 'aws_kms_key.Key kms']);
    expect(of('web/web')).toEqual([]);
    expect(text).toMatch(/ -\.->\|s3\| n\d+/);
  });

  test('the log shipper: a node of its own, with its grant to CloudWatch Logs', () => {
    expect(graph.nodes.find(n => n.id === 'logging/fluent-bit')).toEqual(expect.objectContaining({ kind: 'DaemonSet', logShipper: true, awsRole: true, isolation: 'both' }));
    expect(text).toContain('["logging/fluent-bit<br/>DaemonSet · log shipper · AWS role"]');
    expect(graph.grants!.filter(g => g.from === 'logging/fluent-bit').map(g => g.services)).toEqual([['logs']]);
  });

  test('every service is isolated by NetworkPolicies: nothing is drawn open', () => {
    expect(graph.nodes.map(n => n.isolation)).toEqual(['both', 'both', 'both', 'both', 'both']);
    expect(text).not.toContain('OPEN');
  });
});

describe('isolation', () => {
  test('a workload no NetworkPolicy selects is drawn OPEN, not isolated; one direction only is named', () => {
    const ingressOnly = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'in', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'b' } } } };
    const graph = serviceGraph(inputOf([deployment('a'), deployment('b'), ingressOnly, deployment('c', 'locked'), denyAll('locked')]));
    expect(graph.nodes.map(n => [n.id, n.isolation])).toEqual([['locked/c', 'both'], ['shop/a', 'none'], ['shop/b', 'ingress']]);
    const text = renderMermaid(graph);
    expect(text).toContain('["shop/a<br/>OPEN: no NetworkPolicy"]');
    expect(text).toContain('["shop/b<br/>egress open"]');
    expect(text).toContain('["locked/c"]');
    expect(text).toMatch(/\n {2}class n1,n2 open$/);
  });
});

describe('entry points', () => {
  test('Gateway listeners with the routes attached to them, LoadBalancer and NodePort Services, internal load balancers', () => {
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'edge' },
      spec: { gatewayClassName: 'x', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: 'api.example.com' }] },
    };
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'public', namespace: 'edge' }], rules: [{ backendRefs: [{ name: 'api', port: 443 }] }] },
    };
    const objects = [
      deployment('api'), service('api'), gateway, route,
      deployment('lb'), service('lb', 'shop', { type: 'LoadBalancer' }),
      deployment('np'), service('np', 'shop', { type: 'NodePort' }),
      deployment('int'), { ...service('int', 'shop', { type: 'LoadBalancer' }), metadata: { name: 'int', namespace: 'shop', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } } },
      denyAll(),
    ];
    const graph = serviceGraph(inputOf(objects));
    expect(graph.entryPoints!.map(e => [e.id, e.exposure, e.protocols.join(','), e.targets.join(',')])).toEqual([
      ['Gateway edge/public', 'unknown', 'HTTPS', 'shop/api'],
      ['LoadBalancer shop/int', 'internal', 'TCP 443', 'shop/int'],
      ['LoadBalancer shop/lb', 'unknown', 'TCP 443', 'shop/lb'],
      ['NodePort shop/np', 'unknown', 'TCP 443', 'shop/np'],
    ]);
    const text = renderMermaid(graph);
    expect(text).toContain('{{"Gateway edge/public<br/>api.example.com · HTTPS"}}');
    expect(text).toContain('(("VPC (internal)"))');
  });
});

describe('Mermaid limits', () => {
  test('a small graph is one diagram', () => {
    const graph = serviceGraph(inputOf([deployment('a'), denyAll()]));
    expect(renderMermaidDiagrams(graph).map(d => d.title)).toEqual(['all services']);
  });

  test('one service with more flows than a diagram can draw gets them grouped by namespace', () => {
    const targets = Array.from({ length: 700 }, (_, i) => deployment(`t${i}`, `ns${i % 3}`));
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'hub', namespace: 'hub' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: targets.map(t => ({ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: t.metadata.name } } }] })) },
    };
    const graph = serviceGraph(inputOf([deployment('hub', 'hub'), policy, ...targets]));
    expect(graph.edges.filter(e => e.from === 'hub/hub')).toHaveLength(700);
    const diagrams = renderMermaidDiagrams(graph);
    const hub = diagrams.find(d => d.text.includes('"hub/hub'))!;
    expect(hub.title).toMatch(/flows and grants grouped/);
    expect(hub.text).toContain('services in namespace ns0');
    for (const d of diagrams) {
      expect(links(d.text)).toBe(d.edges);
      expect(d.edges).toBeLessThanOrEqual(MERMAID_LIMITS.edges);
      expect(d.text.length).toBeLessThan(MERMAID_LIMITS.chars);
    }
  });

  test('the benchmark app at 1,000 services: every diagram is under 500 links and 50,000 characters', () => {
    const outdir = tmp('graph-bench-');
    buildApp(1000, outdir, ['secret', 'bucket']).synth();
    const graph = serviceGraph(loadDirectory(outdir));
    expect(graph.nodes.length).toBeGreaterThanOrEqual(1000);
    expect(graph.edges.length).toBe(2000);
    expect(graph.grants!.length).toBeGreaterThan(2000);
    // Drawn as one diagram, the graph is far past Mermaid's limits.
    const whole = renderMermaid(graph);
    expect(links(whole)).toBeGreaterThan(MERMAID_LIMITS.edges);
    expect(whole.length).toBeGreaterThan(MERMAID_LIMITS.chars);
    const diagrams = renderMermaidDiagrams(graph);
    expect(diagrams.length).toBeGreaterThan(1);
    for (const d of diagrams) {
      expect(links(d.text)).toBe(d.edges);
      expect(d.edges).toBeLessThan(MERMAID_LIMITS.edges);
      expect(d.text.length).toBeLessThan(MERMAID_LIMITS.chars);
    }
    // Every service, flow and grant is drawn in some diagram.
    expect(diagrams.reduce((n, d) => n + d.edges, 0)).toBe(graph.edges.length + graph.grants!.length);
    const md = fs.readFileSync(path.join(outdir, 'policy', 'report.md'), 'utf8');
    const blocks = md.split('```mermaid\n').slice(1).map(b => b.slice(0, b.indexOf('\n```')));
    expect(blocks).toHaveLength(diagrams.length);
    for (const b of blocks) {
      expect(links(b)).toBeLessThan(MERMAID_LIMITS.edges);
      expect(b.length).toBeLessThan(MERMAID_LIMITS.chars);
    }
    expect(md).toContain(`Drawn in ${diagrams.length} diagrams`);
  }, 300_000);
});
