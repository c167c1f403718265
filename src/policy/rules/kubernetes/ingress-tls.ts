import { objectRule } from './util';
import { Severity } from '../../model';

/** Whether a TLS host (possibly `*.example.com`) covers a rule host. */
export function hostCovered(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (tlsHost.startsWith('*.')) {
    const suffix = tlsHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return false;
}

/** Network: Ingresses serve over TLS. */
export const INGRESS_TLS = objectRule({
  id: 'K8S-031',
  severity: Severity.ERROR,
  title: 'Ingresses terminate TLS for every host',
  description: 'An Ingress without `spec.tls`, or whose rules name a host that no `tls` entry covers, serves that host over plain HTTP: credentials, session cookies and data cross the network readable and modifiable. A `tls` entry without `hosts` covers every host of the Ingress.',
  fix: 'Add `spec.tls` with the hosts of every rule (and a `secretName`, or the controller\'s certificate annotation such as `alb.ingress.kubernetes.io/certificate-arn` or ACM discovery).',
}, o => {
  if (o.object?.kind !== 'Ingress') return [];
  const spec = o.object.spec ?? {};
  const tls: any[] = Array.isArray(spec.tls) ? spec.tls.filter((t: any) => t && typeof t === 'object') : [];
  if (tls.length === 0) return ['has no spec.tls: it serves plain HTTP'];
  if (tls.some(t => !Array.isArray(t.hosts) || t.hosts.length === 0)) return [];
  const tlsHosts: string[] = tls.flatMap(t => t.hosts).filter((h: any) => typeof h === 'string');
  const hosts: string[] = (Array.isArray(spec.rules) ? spec.rules : []).map((r: any) => r?.host).filter((h: any) => typeof h === 'string' && h !== '');
  return [...new Set(hosts)].filter(h => !tlsHosts.some(t => hostCovered(t, h))).map(h => `host "${h}" is not covered by spec.tls: it is served over plain HTTP`);
});
