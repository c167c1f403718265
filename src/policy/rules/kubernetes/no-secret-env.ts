import { containerRule } from './util';
import { Severity } from '../../model';

/** NSA/CISA: secrets are mounted as files, not passed in environment variables. */
export const NO_SECRET_ENV = containerRule({
  id: 'K8S-026',
  severity: Severity.ERROR,
  title: 'Secrets are not passed as environment variables',
  description: 'NSA/CISA Kubernetes Hardening Guidance: environment variables leak into logs, crash dumps, child processes and `kubectl describe`. Secrets are mounted as read-only files instead (`env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` are findings).',
  fix: 'Mount the secret as a read-only volume (a Secrets Store CSI `SecretProviderClass`, or a `secret` volume) and let the application read the file.',
}, c => {
  const fromEnv = (Array.isArray(c.container?.env) ? c.container.env : []).filter((e: any) => e?.valueFrom?.secretKeyRef).map((e: any) => e.name);
  const fromEnvFrom = (Array.isArray(c.container?.envFrom) ? c.container.envFrom : []).filter((e: any) => e?.secretRef).map((e: any) => `envFrom ${e.secretRef.name}`);
  const all = [...fromEnv, ...fromEnvFrom];
  return all.length ? `reads secrets from environment variables (${all.join(', ')})` : undefined;
});
