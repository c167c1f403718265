import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadDirectory, parseKubernetesYaml, parseTerraformJson } from '../../src/policy/load';

function dirWith(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-load-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n';

describe('YAML', () => {
  test('multi-document files give one object per document, with index and construct path', () => {
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    secure-constructs.io/construct-path: prod/web\n---\n`;
    const objects = parseKubernetesYaml('k8s/app.yaml', text);
    expect(objects.map(o => [o.index, o.object.kind, o.constructPath])).toEqual([
      [0, 'Deployment', 'k8s/app.yaml#Deployment/shop/web'],
      [1, 'Service', 'prod/web'],
    ]);
  });

  test('cluster-scoped objects get "-" for the namespace; List documents are expanded', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: shop\n';
    expect(parseKubernetesYaml('a.yml', list).map(o => o.constructPath)).toEqual(['a.yml#Namespace/-/shop']);
  });

  test('malformed YAML names the file and line', () => {
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n`;
    expect(() => parseKubernetesYaml('k8s/broken.yaml', text)).toThrow(/^k8s\/broken\.yaml:11: malformed YAML: Flow sequence/);
  });

  test('a bad indentation names its line', () => {
    expect(() => parseKubernetesYaml('x.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n bad: 1\n')).toThrow(/^x\.yaml:5: malformed YAML/);
  });

  test('duplicate keys are an error, not silently merged', () => {
    expect(() => parseKubernetesYaml('dup.yaml', 'apiVersion: v1\nkind: Pod\nkind: Service\n')).toThrow(/^dup\.yaml:3: malformed YAML/);
  });

  test('a document that is not a Kubernetes object is an error with its line', () => {
    expect(() => parseKubernetesYaml('v.yaml', `${DEPLOYMENT}---\nreplicas: 3\n`)).toThrow(/^v\.yaml:7: document 1 is not a Kubernetes object/);
    expect(() => parseKubernetesYaml('s.yaml', '- a\n- b\n')).toThrow(/^s\.yaml:1: document 0 is not a Kubernetes object/);
  });
});

describe('Terraform JSON', () => {
  const config = {
    '//': { metadata: { stackName: 'prod' } },
    'resource': {
      aws_iam_role: {
        orders_Role_1: { '//': { metadata: { path: 'prod/orders/Role' } }, 'name': 'prod-orders' },
        manual: { name: 'manual' },
      },
    },
    'data': { aws_caller_identity: { current: {} } },
  };

  test('one entry per resource and data source, with cdktf paths as construct paths', () => {
    const resources = parseTerraformJson('terraform/stacks/prod/cdk.tf.json', JSON.stringify(config, null, 2));
    expect(resources.map(r => [r.stack, r.type, r.name, r.constructPath])).toEqual([
      ['prod', 'aws_iam_role', 'orders_Role_1', 'prod/orders/Role'],
      ['prod', 'aws_iam_role', 'manual', 'terraform/stacks/prod/cdk.tf.json#aws_iam_role.manual'],
      ['prod', 'data.aws_caller_identity', 'current', 'terraform/stacks/prod/cdk.tf.json#data.aws_caller_identity.current'],
    ]);
    expect(resources[0].config.name).toBe('prod-orders');
  });

  test('without cdktf metadata the stack is the directory', () => {
    expect(parseTerraformJson('infra/net/main.tf.json', '{"resource":[{"aws_vpc":{"main":{}}}]}')[0]).toEqual(expect.objectContaining({ stack: 'net', type: 'aws_vpc', name: 'main' }));
  });

  test('malformed JSON names the file and line', () => {
    const text = '{\n  "resource": {\n    "aws_iam_role": {\n      "a": { "name": "x", }\n    }\n  }\n}\n';
    expect(() => parseTerraformJson('stacks/prod/cdk.tf.json', text)).toThrow(/^stacks\/prod\/cdk\.tf\.json:4: malformed JSON/);
  });

  test('truncated JSON names the last line', () => {
    expect(() => parseTerraformJson('t.tf.json', '{\n  "resource": {\n')).toThrow(/^t\.tf\.json:3: malformed JSON/);
  });

  test('JSON that is not an object is an error', () => {
    expect(() => parseTerraformJson('a.tf.json', '[]')).toThrow(/^a\.tf\.json:1: not a Terraform JSON configuration/);
  });
});

describe('directories', () => {
  test('reads YAML and Terraform JSON recursively in sorted order, relative paths, other files ignored', () => {
    const dir = dirWith({
      'kubernetes/b.k8s.yaml': DEPLOYMENT,
      'kubernetes/a.yml': DEPLOYMENT.replace('web', 'api'),
      'terraform/stacks/prod/cdk.tf.json': '{"resource":{"aws_s3_bucket":{"b":{}}}}',
      'terraform/manifest.json': '{"not": "terraform"}',
      'README.md': '# hi',
      'node_modules/x/y.yaml': ': : :',
    });
    const input = loadDirectory(dir);
    expect(input.kubernetes.map(o => `${o.file} ${o.object.metadata.name}`)).toEqual(['kubernetes/a.yml api', 'kubernetes/b.k8s.yaml web']);
    expect(input.terraform.map(r => `${r.file} ${r.type}`)).toEqual(['terraform/stacks/prod/cdk.tf.json aws_s3_bucket']);
  });

  test('a malformed file anywhere fails the whole load, naming the file relative to the directory', () => {
    const dir = dirWith({ 'ok.yaml': DEPLOYMENT, 'sub/bad.yaml': 'kind: Pod\n  x: [\n' });
    expect(() => loadDirectory(dir)).toThrow(/^sub\/bad\.yaml:\d+: malformed YAML/);
  });

  test('a missing directory is an error', () => {
    expect(() => loadDirectory('/nonexistent/secure-constructs')).toThrow(/not a directory/);
  });
});
