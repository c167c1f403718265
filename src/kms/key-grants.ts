import { PolicyStatement } from '../identity/policy-statement';
import { Platform } from '../platform/platform';

/**
 * A statement on the platform key for use only through one AWS service of the platform's region
 * (`kms:ViaService`), and, where the service sets one, only for one encryption context.
 */
export function keyViaService(platform: Platform, actions: string[], service: string,
  encryptionContext: { [key: string]: string } = {}): PolicyStatement {
  const context = Object.fromEntries(Object.entries(encryptionContext).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]));
  return new PolicyStatement({
    actions,
    resources: [platform.key.keyArn],
    conditions: { StringEquals: { ...context, 'kms:ViaService': `${service}.${platform.region}.amazonaws.com` } },
  });
}
