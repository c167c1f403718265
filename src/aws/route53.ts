import type * as Route53RecordModule from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';
import { lazyModule } from '../core/lazy-module';

/** The provider's Route 53 record class (about 2 ms to load), loaded when a certificate is validated through DNS. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const route53Record = lazyModule<typeof Route53RecordModule>(() => require('@cdktf/provider-aws/lib/route53-record'));

export interface ValidationRecordConfig {
  readonly zoneId: string;
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** The DNS record that proves control of a domain to ACM. Returns its FQDN (a Terraform reference). */
export function createValidationRecord(scope: Construct, config: ValidationRecordConfig): string {
  return withoutTokenTraces(() => {
    const record = new (route53Record().Route53Record)(scope, 'ValidationRecord', {
      zoneId: config.zoneId,
      name: config.name,
      type: config.type,
      records: [config.value],
      ttl: 300,
      allowOverwrite: true,
    });
    return record.fqdn;
  });
}
