import { EdgeAuthentication, LoadBalancerScheme, SecureApp, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth, Synthesized } from '../support/synth';

const LB = ['10.0.0.0/24', '10.0.1.0/24'];
const WAF = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-111111111111';
const ANN = 'alb.ingress.kubernetes.io/';

function build(options: Partial<Parameters<SecureMicroservice['expose']>[0]> = {}) {
  const platform = newPlatform({ loadBalancerSourceCidrs: LB });
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  const orders = new SecureMicroservice(platform, 'orders', { image: image('orders', 2) });
  web.connectTo(orders);
  const endpoint = web.expose({ host: 'shop.example.com', ...options });
  return { platform, web, endpoint, out: synth(platform.node.scope as SecureApp) };
}

describe('an internet-facing exposure with a zone and a web ACL', () => {
  let out: Synthesized;
  let endpoint: ReturnType<typeof build>['endpoint'];
  beforeAll(() => {
    ({ out, endpoint } = build({ scheme: LoadBalancerScheme.INTERNET_FACING, hostedZoneId: 'Z0123456789ABCDEFGHIJ', webAclArn: WAF, authentication: EdgeAuthentication.anonymous('public pages of the test shop') }));
  });

  test('an ALB Ingress with one HTTPS listener, TLS 1.3 policy, IP targets and HTTPS to the pods', () => {
    const ingress = objectOf(out, 'Ingress', 'web', 'web');
    expect(ingress.spec.ingressClassName).toBe('alb');
    const a = ingress.metadata.annotations;
    expect(JSON.parse(a[`${ANN}listen-ports`])).toEqual([{ HTTPS: 443 }]);
    expect(a[`${ANN}ssl-policy`]).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(a[`${ANN}target-type`]).toBe('ip');
    expect(a[`${ANN}backend-protocol`]).toBe('HTTPS');
    expect(a[`${ANN}scheme`]).toBe('internet-facing');
    expect(a[`${ANN}wafv2-acl-arn`]).toBe(WAF);
    // The certificate is discovered by host: the manifest never waits for a Terraform apply.
    expect(a[`${ANN}certificate-arn`]).toBeUndefined();
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'] }]);
    expect(ingress.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'https' } } } }] },
    }]);
    expect(endpoint.url).toBe('https://shop.example.com/');
  });

  test('the Ingress has no HTTP-only listener', () => {
    for (const ingress of objectsOf(out, 'Ingress')) {
      const listeners = JSON.parse(ingress.metadata.annotations[`${ANN}listen-ports`]);
      for (const l of listeners) expect(Object.keys(l)).toEqual(['HTTPS']);
      expect(ingress.metadata.annotations[`${ANN}ssl-redirect`]).toBeUndefined();
    }
  });

  test('an ACM certificate with DNS validation, its Route 53 record and the validation wait', () => {
    const [[, name, cert]] = resourcesOf(out, 'aws_acm_certificate');
    expect(cert).toMatchObject({ domain_name: 'shop.example.com', validation_method: 'DNS', key_algorithm: 'EC_prime256v1' });
    const [[, , record]] = resourcesOf(out, 'aws_route53_record');
    expect(record.zone_id).toBe('Z0123456789ABCDEFGHIJ');
    expect(record.name).toBe(`\${tolist(aws_acm_certificate.${name}.domain_validation_options)[0].resource_record_name}`);
    const [[, , validation]] = resourcesOf(out, 'aws_acm_certificate_validation');
    expect(validation.certificate_arn).toBe(`\${aws_acm_certificate.${name}.arn}`);
    expect(validation.validation_record_fqdns).toHaveLength(1);
    expect(typeof endpoint.certificateArn).toBe('string');
  });

  test("the service's NetworkPolicy admits the load balancer ranges on its port only", () => {
    const ingress = objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress;
    expect(ingress).toEqual([{ from: LB.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 8443 }] }]);
    // Other services are not opened to the load balancer.
    expect(objectOf(out, 'NetworkPolicy', 'orders', 'orders').spec.ingress.every((r: any) => r.from.every((f: any) => !f.ipBlock))).toBe(true);
  });

  test('the Ingress validates strictly against the Kubernetes 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

test('internal by default; without a zone no DNS records are written', () => {
  const { out } = build();
  expect(objectOf(out, 'Ingress', 'web', 'web').metadata.annotations[`${ANN}scheme`]).toBe('internal');
  expect(objectOf(out, 'Ingress', 'web', 'web').metadata.annotations[`${ANN}wafv2-acl-arn`]).toBeUndefined();
  expect(resourcesOf(out, 'aws_acm_certificate')).toHaveLength(1);
  expect(resourcesOf(out, 'aws_route53_record')).toEqual([]);
  expect(resourcesOf(out, 'aws_acm_certificate_validation')).toEqual([]);
});

test('sourceCidrs on expose override the platform ranges', () => {
  const { out } = build({ sourceCidrs: ['10.9.0.0/24'] });
  expect(objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '10.9.0.0/24' } }]);
});

describe('bad input', () => {
  const service = (props: Parameters<typeof newPlatform>[0] = { loadBalancerSourceCidrs: LB }) =>
    new SecureMicroservice(newPlatform(props), 'web', { image: image() });

  test.each([
    'Shop.Example.com', 'shop', '*.example.com', 'shop.example.com.', '-shop.example.com', 'shop_1.example.com',
    'http://shop.example.com', '10.0.0.1', `${'a'.repeat(64)}.example.com`, '',
  ])('invalid host %p', host => {
    expectConfigError(() => service().expose({ host }), { path: 'test/web', property: 'expose(options.host)', received: host });
  });

  test('no load balancer source range', () => {
    expectConfigError(() => service({}).expose({ host: 'shop.example.com' }), { path: 'test/web', property: 'loadBalancerSourceCidrs', received: [] });
  });

  test('an open source range', () => {
    expectConfigError(() => service().expose({ host: 'shop.example.com', sourceCidrs: ['0.0.0.0/0'] }),
      { path: 'test/web', property: 'expose(options.sourceCidrs)[0]', received: '0.0.0.0/0' });
  });

  test('a web ACL of another region, or a CloudFront one', () => {
    const other = WAF.replace('eu-west-1', 'us-east-1');
    expectConfigError(() => service().expose({ host: 'shop.example.com', webAclArn: other }), { path: 'test/web', property: 'expose(options.webAclArn)', received: other });
    const global = WAF.replace('regional', 'global');
    expectConfigError(() => service().expose({ host: 'shop.example.com', webAclArn: global }), { path: 'test/web', property: 'expose(options.webAclArn)', received: global });
  });

  test('a bad hosted zone id', () => {
    expectConfigError(() => service().expose({ host: 'shop.example.com', hostedZoneId: 'example.com' }),
      { path: 'test/web', property: 'expose(options.hostedZoneId)', received: 'example.com' });
  });

  test('exposing twice', () => {
    const web = service();
    web.expose({ host: 'shop.example.com' });
    expectConfigError(() => web.expose({ host: 'www.example.com' }), { path: 'test/web', property: 'expose(options.host)', received: 'www.example.com' });
  });
});

describe('expose: source ranges from plain JavaScript and open sets', () => {
  const web = () => new SecureMicroservice(newPlatform(), 'web', { image: image() });
  test('a string instead of a list', () => {
    expectConfigError(() => web().expose({ host: 'shop.example.com', sourceCidrs: '10.0.0.0/24' as any }),
      { path: 'test/web', property: 'expose(options.sourceCidrs)', received: '10.0.0.0/24' });
  });
  test('ranges that together cover every address', () => {
    expectConfigError(() => web().expose({ host: 'shop.example.com', sourceCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }),
      { path: 'test/web', property: 'expose(options.sourceCidrs)', received: ['0.0.0.0/1', '128.0.0.0/1'] });
  });
  test('an invalid IPv6 range', () => {
    expectConfigError(() => web().expose({ host: 'shop.example.com', sourceCidrs: [':::::/64'] }),
      { path: 'test/web', property: 'expose(options.sourceCidrs)[0]', received: ':::::/64' });
  });
});
