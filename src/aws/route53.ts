import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

export interface ValidationRecordConfig {
  readonly zoneId: string;
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** The DNS record that proves control of a domain to ACM. Returns its FQDN (a Terraform reference). */
export function createValidationRecord(scope: Construct, config: ValidationRecordConfig): string {
  return withoutTokenTraces(() => {
    const record = new Route53Record(scope, 'ValidationRecord', {
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
