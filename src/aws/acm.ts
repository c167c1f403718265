import type * as AcmCertificateModule from '@cdktf/provider-aws/lib/acm-certificate';
import type * as AcmValidationModule from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Construct } from 'constructs';
import { createValidationRecord } from './route53';
import { withoutTokenTraces } from './token-traces';
import { lazyModule } from '../core/lazy-module';

/** The provider's ACM classes (about 2 ms to load), loaded when an app has a certificate. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const acmCertificate = lazyModule<typeof AcmCertificateModule>(() => require('@cdktf/provider-aws/lib/acm-certificate'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const acmValidation = lazyModule<typeof AcmValidationModule>(() => require('@cdktf/provider-aws/lib/acm-certificate-validation'));

export interface PublicCertificateConfig {
  /** The host name the certificate is for. */
  readonly domainName: string;
  /** Route 53 hosted zone that receives the DNS validation record. */
  readonly hostedZoneId?: string;
}

/**
 * An ACM certificate for one host, validated through DNS (ECDSA P-256). With a hosted zone, the
 * validation record and an `aws_acm_certificate_validation` are written too, so `terraform
 * apply` waits until the certificate is issued. Returns the certificate's ARN (a Terraform
 * reference).
 */
export function createPublicCertificate(scope: Construct, config: PublicCertificateConfig): string {
  return withoutTokenTraces(() => {
    const certificate = new (acmCertificate().AcmCertificate)(scope, 'Certificate', {
      domainName: config.domainName,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      lifecycle: { createBeforeDestroy: true },
    });
    if (!config.hostedZoneId) return certificate.arn;
    // One domain: one validation option. The set is indexed through tolist() in Terraform.
    const option = (field: string) => `\${tolist(${certificate.fqn}.domain_validation_options)[0].${field}}`;
    const fqdn = createValidationRecord(scope, {
      zoneId: config.hostedZoneId,
      name: option('resource_record_name'),
      type: option('resource_record_type'),
      value: option('resource_record_value'),
    });
    const validation = new (acmValidation().AcmCertificateValidation)(scope, 'CertificateValidation', {
      certificateArn: certificate.arn,
      validationRecordFqdns: [fqdn],
    });
    return validation.certificateArn;
  });
}
