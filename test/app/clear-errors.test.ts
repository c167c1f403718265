import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManagedSecret, Policy, PolicyStatement, SecureApp, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newPlatform } from '../support/synth';

/** Input that used to fail late, vaguely or not at all fails at construction with a ConfigurationError. */
describe('clear errors', () => {
  test("an outdir that is a file, the filesystem root or ''", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outdir-')), 'dist');
    fs.writeFileSync(file, 'not a directory');
    expectConfigError(() => new SecureApp({ outdir: file }), { path: '<root>', property: 'outdir', received: file });
    expectConfigError(() => new SecureApp({ outdir: '/' }), { path: '<root>', property: 'outdir', received: '/' });
    expectConfigError(() => new SecureApp({ outdir: '' }), { path: '<root>', property: 'outdir', received: '' });
  });

  test("failOn: 'WARNING' (the enum's value is lower case) is refused, not treated as error", () => {
    const error = expectConfigError(() => new SecureApp({ policy: { failOn: 'WARNING' as any } }), { path: '<root>', property: 'policy.failOn', received: 'WARNING' });
    expect(error.message).toContain('"warning"');
  });

  test('Policy.of({}) names the problem', () => {
    expectConfigError(() => Policy.of({} as any), { path: '<none>', property: 'Policy.of(scope)', received: {} });
  });

  test('Resource "*" through addToPrincipalPolicy fails when the statement is added, not at synth', () => {
    const web = new SecureMicroservice(newPlatform(), 'web', { image: image() });
    expectConfigError(() => web.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })),
      { path: 'test/web', property: 'statement.resources', received: '*' });
    // Actions without resource-level permissions are accepted on "*".
    expect(() => web.addToPrincipalPolicy(new PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }))).not.toThrow();
  });

  test('a secret named tls names the secret, not a service mount', () => {
    expectConfigError(() => new ManagedSecret(newPlatform(), 'tls'), { path: 'test/tls', property: 'id', received: 'tls' });
  });

  test('connectTo across two SecureApps says so', () => {
    const a = new SecureMicroservice(newPlatform({}, 'prod'), 'a', { image: image() });
    const b = new SecureMicroservice(newPlatform({}, 'prod'), 'b', { image: image() });
    const error = expectConfigError(() => a.connectTo(b), { path: 'prod/a', property: 'connectTo(target)', received: 'prod/b' });
    expect(error.message).toContain('another SecureApp');
  });
});
