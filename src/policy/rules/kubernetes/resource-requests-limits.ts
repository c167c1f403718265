import { containerRule } from './util';
import { Severity } from '../../model';

/** Reliability and NSA/CISA: CPU and memory requests and limits. */
export const RESOURCE_REQUESTS_LIMITS = containerRule({
  id: 'K8S-019',
  severity: Severity.WARNING,
  title: 'CPU and memory requests and limits are set',
  description: 'NSA/CISA Kubernetes Hardening Guidance and reliability: every container declares CPU and memory requests (so the scheduler places it correctly) and limits (so one compromised or leaking pod cannot starve its neighbours).',
  fix: 'Set `resources.requests.cpu`, `resources.requests.memory`, `resources.limits.cpu` and `resources.limits.memory` on every container.',
}, c => {
  const r = c.container?.resources ?? {};
  const missing = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]
    .filter(([k, res]) => r[k]?.[res] === undefined || r[k]?.[res] === null || r[k]?.[res] === '')
    .map(([k, res]) => `${k}.${res}`);
  return missing.length ? `sets no ${missing.join(', ')}` : undefined;
});
