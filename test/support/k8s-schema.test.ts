import * as fs from 'fs';
import { definitionFor, DEFINITIONS_FILE, makeStrict, parseApiVersion, schemaErrors, validateObjects } from './k8s-schema';

/** A minimal valid Deployment, written by hand (independent of the library). */
function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', securityContext: { runAsNonRoot: true }, ports: [{ containerPort: 80, name: 'http' }] }] },
      },
    },
  };
}

describe('strict Kubernetes schema validation', () => {
  test('the vendored definitions are found in the repository (schemas/)', () => {
    expect(fs.existsSync(DEFINITIONS_FILE)).toBe(true);
  });

  test('maps apiVersion/kind to definitions through x-kubernetes-group-version-kind (core group is "")', () => {
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(parseApiVersion('networking.k8s.io/v1')).toEqual({ group: 'networking.k8s.io', version: 'v1' });
    expect(definitionFor('v1', 'ServiceAccount')).toBe('io.k8s.api.core.v1.ServiceAccount');
    expect(definitionFor('apps/v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(definitionFor('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
    expect(definitionFor('apps/v1', 'NoSuchKind')).toBeUndefined();
  });

  test('accepts a valid object', () => {
    expect(schemaErrors(deployment())).toEqual([]);
  });

  test('rejects an unknown field at the top, in metadata and deep in the pod spec', () => {
    const top = { ...deployment(), extra: true };
    expect(schemaErrors(top).join('\n')).toMatch(/must NOT have additional properties \(extra\)/);

    const meta = deployment();
    meta.metadata.lables = { a: 'b' };
    expect(schemaErrors(meta).join('\n')).toMatch(/\/metadata must NOT have additional properties \(lables\)/);

    const deep = deployment();
    deep.spec.template.spec.containers[0].securityContext.runAsNonRot = true;
    expect(schemaErrors(deep).join('\n')).toMatch(/containers\/0\/securityContext must NOT have additional properties \(runAsNonRot\)/);
  });

  test('rejects a wrong type', () => {
    const d = deployment();
    d.spec.replicas = '2';
    expect(schemaErrors(d).join('\n')).toMatch(/\/spec\/replicas must be integer/);
    const p = deployment();
    p.spec.template.spec.containers[0].ports[0].containerPort = true;
    expect(schemaErrors(p).join('\n')).toMatch(/containerPort must be integer/);
  });

  test('rejects a missing required field', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    expect(schemaErrors(d).join('\n')).toMatch(/must have required property 'name'/);
  });

  test('rejects objects of unknown kinds and objects without apiVersion/kind', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toHaveLength(1);
    expect(schemaErrors({ metadata: { name: 'w' } })).toHaveLength(1);
    expect(validateObjects([deployment(), { apiVersion: 'v1', kind: 'Nope' }])).toHaveLength(1);
  });

  test('keeps maps open: labels and annotations accept any keys', () => {
    const d = deployment();
    d.metadata.annotations = { 'example.com/anything': 'x' };
    expect(schemaErrors(d)).toEqual([]);
  });

  test('makeStrict closes object schemas with properties only, and never a properties map', () => {
    const schema: any = {
      type: 'object',
      properties: {
        properties: { type: 'object', properties: { a: { type: 'string' } } },
        open: { type: 'object', additionalProperties: { type: 'string' } },
        list: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
      },
    };
    makeStrict(schema);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.additionalProperties).toBeUndefined();
    expect(schema.properties.properties.additionalProperties).toBe(false);
    expect(schema.properties.open.additionalProperties).toEqual({ type: 'string' });
    expect(schema.properties.list.items.additionalProperties).toBe(false);
  });
});

describe('custom resources', () => {
  const spc = {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: 'db', namespace: 'orders' },
    spec: { provider: 'aws', parameters: { objects: '- objectName: "prod/db"' } },
  };

  test('a valid custom resource passes against its CRD', () => {
    expect(schemaErrors(spc)).toEqual([]);
  });

  test('an unknown spec field of a custom resource is rejected', () => {
    expect(schemaErrors({ ...spc, spec: { ...spc.spec, providr: 'aws' } }).join('\n')).toMatch(/providr/);
  });

  test('custom resource metadata is checked against ObjectMeta', () => {
    expect(schemaErrors({ ...spc, metadata: { ...spc.metadata, nmae: 'x' } }).join('\n')).toMatch(/nmae/);
  });

  test('a kind in neither Kubernetes nor the reference CRDs is rejected', () => {
    expect(schemaErrors({ ...spc, kind: 'SecretProviderKlass' }).join('\n')).toMatch(/no schema/);
  });
});
