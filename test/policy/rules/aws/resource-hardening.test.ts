import { doc, input, messages, tf } from './fixtures';
import { KMS_KEY_POLICY } from '../../../../src/policy/rules/aws/kms-key-policy';
import { NO_OPEN_EGRESS } from '../../../../src/policy/rules/aws/no-open-egress';
import { S3_TLS_ONLY } from '../../../../src/policy/rules/aws/s3-tls-only';
import { SNS_ENCRYPTION } from '../../../../src/policy/rules/aws/sns-encryption';

describe('AWS-027 SNS topics are encrypted with a customer key', () => {
  test('a customer key passes', () => {
    expect(messages(SNS_ENCRYPTION, input([tf('aws_sns_topic', 't', { name: 't', kms_master_key_id: '${aws_kms_key.k.arn}' })]))).toEqual([]);
  });
  test('no key or the AWS-managed key is flagged', () => {
    expect(messages(SNS_ENCRYPTION, input([tf('aws_sns_topic', 't', { name: 't' })]))).toEqual(['no kms_master_key_id (messages are not encrypted with a KMS key)']);
    expect(messages(SNS_ENCRYPTION, input([tf('aws_sns_topic', 't', { kms_master_key_id: 'alias/aws/sns' })]))).toEqual(['kms_master_key_id alias/aws/sns is an AWS-managed key']);
  });
});

describe('AWS-028 no security group egress to everywhere on all ports', () => {
  test('scoped egress passes', () => {
    expect(messages(NO_OPEN_EGRESS, input([
      tf('aws_security_group', 'sg', { egress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['10.0.0.0/16'] }] }),
      tf('aws_vpc_security_group_egress_rule', 'e', { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' }),
      tf('aws_security_group_rule', 'i', { type: 'ingress', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['10.0.0.0/8'] }),
    ]))).toEqual([]);
  });
  test('all ports to 0.0.0.0/0 or ::/0 is flagged in every form', () => {
    expect(messages(NO_OPEN_EGRESS, input([
      tf('aws_security_group', 'sg', { egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] }] }),
      tf('aws_security_group_rule', 'r', { type: 'egress', protocol: 'tcp', from_port: 0, to_port: 65535, cidr_blocks: ['0.0.0.0/0'] }),
      tf('aws_vpc_security_group_egress_rule', 'e', { ip_protocol: '-1', cidr_ipv6: '::/0' }),
    ]))).toEqual(['egress to 0.0.0.0/0 on all ports', 'egress to ::/0 on all ports', 'egress to 0.0.0.0/0 on all ports', 'egress to ::/0 on all ports']);
  });
});

describe('AWS-029 KMS keys have an explicit key policy', () => {
  const policy = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:*', Resource: '*' });
  test('a policy on the key or an aws_kms_key_policy passes', () => {
    expect(messages(KMS_KEY_POLICY, input([tf('aws_kms_key', 'k', { policy })]))).toEqual([]);
    expect(messages(KMS_KEY_POLICY, input([tf('aws_kms_key', 'k', {}), tf('aws_kms_key_policy', 'p', { key_id: '${aws_kms_key.k.id}', policy })]))).toEqual([]);
  });
  test('a key without a policy is flagged', () => {
    expect(messages(KMS_KEY_POLICY, input([tf('aws_kms_key', 'k', { enable_key_rotation: true }), tf('aws_kms_key_policy', 'p', { key_id: '${aws_kms_key.other.id}', policy })])))
      .toEqual(['has no key policy (the default policy hands the key to every IAM policy of the account)']);
  });
});

describe('AWS-030 S3 buckets deny requests without TLS', () => {
  const deny = (extra: any = {}) => ({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...extra });
  const bucket = tf('aws_s3_bucket', 'b', { bucket: 'b' });
  test('the library\'s DenyInsecureTransport statement passes, in every form of policy', () => {
    expect(messages(S3_TLS_ONLY, input([bucket, tf('aws_s3_bucket_policy', 'p', { bucket: '${aws_s3_bucket.b.id}', policy: doc(deny()) })]))).toEqual([]);
    expect(messages(S3_TLS_ONLY, input([bucket, tf('aws_s3_bucket_policy', 'p', { bucket: 'b', policy: doc(deny({ Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': false } } })) })]))).toEqual([]);
    expect(messages(S3_TLS_ONLY, input([bucket,
      tf('data.aws_iam_policy_document', 'tls', { statement: [{ effect: 'Deny', actions: ['s3:*'], resources: ['*'], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }] }),
      tf('aws_s3_bucket_policy', 'p', { bucket: '${aws_s3_bucket.b.id}', policy: '${data.aws_iam_policy_document.tls.json}' })]))).toEqual([]);
  });
  test('no policy, or a policy without the deny, is flagged', () => {
    expect(messages(S3_TLS_ONLY, input([bucket]))).toEqual(['has no bucket policy denying requests without TLS (aws:SecureTransport)']);
    expect(messages(S3_TLS_ONLY, input([bucket, tf('aws_s3_bucket_policy', 'p', { bucket: '${aws_s3_bucket.b.id}', policy: doc(deny({ Effect: 'Allow' }), deny({ Action: 's3:GetObject' }), deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })) })])))
      .toEqual(['its bucket policy does not deny s3:* when aws:SecureTransport is false']);
    expect(messages(S3_TLS_ONLY, input([bucket, tf('aws_s3_bucket_policy', 'p', { bucket: '${aws_s3_bucket.other.id}', policy: doc(deny()) })])))
      .toEqual(['has no bucket policy denying requests without TLS (aws:SecureTransport)']);
  });
});
