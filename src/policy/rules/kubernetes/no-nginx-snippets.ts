import { objectRule } from './util';
import { Severity } from '../../model';

/** Whether an annotation injects raw NGINX configuration. */
export function isSnippetAnnotation(key: string): boolean {
  return /^nginx\.ingress\.kubernetes\.io\/[a-z0-9-]*snippets?$/.test(key) || /^nginx\.org\/[a-z0-9-]*snippets?$/.test(key);
}

/** Network: no raw NGINX configuration through Ingress annotations. */
export const NO_NGINX_SNIPPETS = objectRule({
  id: 'K8S-033',
  severity: Severity.ERROR,
  title: 'Ingresses inject no NGINX configuration snippets',
  description: 'The snippet annotations of the NGINX ingress controllers (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet`, and `nginx.org/*-snippets`) copy raw text into the controller\'s configuration. Whoever can write an Ingress can then read the controller\'s service account token and every Secret it can read, or route other tenants\' traffic (CVE-2021-25742, CVE-2025-1974).',
  fix: 'Remove the snippet annotations and use the controller\'s dedicated annotations or a policy resource; keep `allow-snippet-annotations: "false"` in the controller\'s ConfigMap.',
}, o => {
  if (o.object?.kind !== 'Ingress') return [];
  const annotations = o.object.metadata?.annotations ?? {};
  return Object.keys(annotations).filter(isSnippetAnnotation).sort().map(k => `annotation ${k} injects NGINX configuration`);
});
