import { Construct } from 'constructs';
import { Probe, ProbeScheme, READINESS_TIMING, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newPlatform } from '../support/synth';

const scope = () => new Construct(new Construct(undefined as any, ''), 'svc');

describe('Probe', () => {
  test('an HTTP probe renders the path on the named port, HTTPS unless the port serves otherwise', () => {
    expect(Probe.httpGet('/healthz')._render('https', READINESS_TIMING)).toEqual({ httpGet: { path: '/healthz', port: expect.anything(), scheme: 'HTTPS' }, ...READINESS_TIMING });
    expect(Probe.httpGet('/healthz')._render('http', READINESS_TIMING, ProbeScheme.HTTP).httpGet?.scheme).toBe('HTTP');
    expect(Probe.httpGet('/healthz', { scheme: ProbeScheme.HTTPS })._render('https', READINESS_TIMING, ProbeScheme.HTTPS).httpGet?.scheme).toBe('HTTPS');
    expect(Probe.tcpSocket()._render('https', READINESS_TIMING)).toEqual({ tcpSocket: { port: expect.anything() }, ...READINESS_TIMING });
  });

  test('a probe whose scheme matches what the port serves passes', () => {
    expect(() => Probe.httpGet('/healthz', { scheme: ProbeScheme.HTTP })._validate(scope(), 'readinessProbe', ProbeScheme.HTTP)).not.toThrow();
    expect(() => Probe.httpGet('/healthz')._validate(scope(), 'readinessProbe', ProbeScheme.HTTP)).not.toThrow();
    expect(() => Probe.tcpSocket()._validate(scope(), 'readinessProbe', ProbeScheme.HTTP)).not.toThrow();
  });

  test.each([
    ['an HTTP probe on an HTTPS port', ProbeScheme.HTTP, ProbeScheme.HTTPS],
    ['an HTTPS probe on a plain HTTP port (mesh mode)', ProbeScheme.HTTPS, ProbeScheme.HTTP],
  ])('%s is refused', (_label, scheme, served) => {
    const e = expectConfigError(() => Probe.httpGet('/healthz', { scheme })._validate(scope(), 'livenessProbe', served),
      { path: 'svc', property: 'livenessProbe.options.scheme', received: scheme });
    expect(e.problem).toContain(`serves ${served}`);
  });

  test.each([
    ['no leading slash', 'healthz'],
    ['a space', '/health z'],
    ['empty', ''],
    ['a number (plain JavaScript)', 8080],
    ['a non-ASCII character', '/gesundheit/ü'],
  ])('a path with %s is refused', (_label, path) => {
    expectConfigError(() => Probe.httpGet(path as any)._validate(scope(), 'readinessProbe'), { path: 'svc', property: 'readinessProbe', received: path });
  });

  test.each([
    ['a scheme in lower case', { scheme: 'https' }, 'readinessProbe.options.scheme', 'https', 'values are case-sensitive: "HTTPS"'],
    ['a scheme that does not exist', { scheme: 'GRPC' }, 'readinessProbe.options.scheme', 'GRPC', 'not a ProbeScheme'],
    ['a misspelt option', { schema: 'HTTP' }, 'readinessProbe.options.schema', 'HTTP', 'did you mean "scheme"?'],
    ['a string for the options', 'HTTP', 'readinessProbe.options', 'HTTP', 'an object of properties is expected'],
    ['null options', null, 'readinessProbe.options', null, 'an object of properties is expected'],
  ])('plain JavaScript: %s', (_label, options, property, received, problem) => {
    const e = expectConfigError(() => Probe.httpGet('/healthz', options as any)._validate(scope(), 'readinessProbe'), { path: 'svc', property, received });
    expect(e.problem).toContain(problem);
  });

  test('through a service, the error names the service and the probe property', () => {
    expectConfigError(() => new SecureMicroservice(newPlatform(), 'orders', { image: image(), readinessProbe: Probe.httpGet('/ready', { scheme: 'http' as any }) }),
      { path: 'test/orders', property: 'readinessProbe.options.scheme', received: 'http' });
  });
});
