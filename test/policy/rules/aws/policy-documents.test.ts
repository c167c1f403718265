import { doc, input, messages, tf } from './fixtures';
import { jsonencodeArgument, parsePlainHcl } from '../../../../src/policy/rules/aws/hcl';
import { NO_WILDCARD_ACTIONS } from '../../../../src/policy/rules/aws/no-wildcard-actions';
import { NO_WILDCARD_RESOURCE } from '../../../../src/policy/rules/aws/no-wildcard-resource';
import { POLICY_DOCUMENT_READABLE } from '../../../../src/policy/rules/aws/policy-document-readable';
import { RESOURCE_POLICY_NO_PUBLIC } from '../../../../src/policy/rules/aws/resource-policy-no-public';
import { TRUST_NO_WILDCARD_PRINCIPAL } from '../../../../src/policy/rules/aws/trust-no-wildcard-principal';
import { DocumentKind, policyDocuments } from '../../../../src/policy/rules/aws/util';
import { WEB_IDENTITY_TRUST_SCOPED } from '../../../../src/policy/rules/aws/web-identity-trust-scoped';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const dataDoc = (name: string, ...statement: any[]) => tf('data.aws_iam_policy_document', name, { statement });
const role = (name: string, trust: string) => tf('aws_iam_role', name, { name, assume_role_policy: trust });

describe('data "aws_iam_policy_document" counts where it is used', () => {
  const anyone = dataDoc('trust', { effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }] });

  test('as a trust policy in assume_role_policy: Principal "*" is flagged like the inline form', () => {
    const viaData = input([anyone, role('r', '${data.aws_iam_policy_document.trust.json}')]);
    expect(messages(TRUST_NO_WILDCARD_PRINCIPAL, viaData)).toEqual(['assume_role_policy (data.aws_iam_policy_document.trust) statement 0: trusts every principal ("*")']);
    const inline = input([role('r', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }))]);
    expect(messages(TRUST_NO_WILDCARD_PRINCIPAL, inline)).toEqual(['assume_role_policy statement 0: trusts every principal ("*")']);
    // The trust document is not read as an identity policy any more.
    expect(policyDocuments(viaData).map(d => [d.resource.type, d.kind])).toEqual([['aws_iam_role', DocumentKind.TRUST]]);
  });

  test('an OIDC principal without conditions is flagged; with exact sub and aud it passes', () => {
    const oidc = (condition?: any[]) => dataDoc('irsa', {
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [`arn:aws:iam::111122223333:oidc-provider/${ISSUER}`] }],
      ...(condition ? { condition } : {}),
    });
    expect(messages(WEB_IDENTITY_TRUST_SCOPED, input([oidc(), role('r', '${data.aws_iam_policy_document.irsa.json}')])))
      .toEqual(['assume_role_policy (data.aws_iam_policy_document.irsa) statement 0: trusts a web identity without exact StringEquals on :sub and :aud']);
    expect(messages(WEB_IDENTITY_TRUST_SCOPED, input([oidc([
      { test: 'StringEquals', variable: `${ISSUER}:sub`, values: ['system:serviceaccount:orders:orders'] },
      { test: 'StringEquals', variable: `${ISSUER}:aud`, values: ['sts.amazonaws.com'] },
    ]), role('r', '${data.aws_iam_policy_document.irsa.json}')]))).toEqual([]);
  });

  test('as a resource policy in a bucket policy', () => {
    const publicRead = dataDoc('bucket', { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'], principals: [{ type: '*', identifiers: ['*'] }] });
    const i = input([publicRead, tf('aws_s3_bucket_policy', 'p', { bucket: 'b', policy: '${data.aws_iam_policy_document.bucket.json}' })]);
    expect(messages(RESOURCE_POLICY_NO_PUBLIC, i)).toEqual(['policy (data.aws_iam_policy_document.bucket) statement 0: allows every principal ("*") without a condition']);
    expect(policyDocuments(i).map(d => d.kind)).toEqual([DocumentKind.RESOURCE]);
  });

  test('as an identity policy in a role policy, and when used nowhere', () => {
    const admin = dataDoc('admin', { actions: ['*'], resources: ['*'] });
    const used = input([admin, tf('aws_iam_role_policy', 'p', { role: 'r', policy: '${data.aws_iam_policy_document.admin.json}' })]);
    expect(messages(NO_WILDCARD_ACTIONS, used)).toEqual(['policy (data.aws_iam_policy_document.admin) statement 0: allows wildcard action "*"']);
    expect(messages(NO_WILDCARD_ACTIONS, input([admin]))).toEqual(['statement statement 0: allows wildcard action "*"']);
  });
});

describe('policies written with jsonencode are checked', () => {
  // What cdktf's Fn.jsonencode writes.
  const encoded = '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = "*", "Resource" = "*"}]})}';

  test('Action "*" on Resource "*" is flagged', () => {
    const i = input([tf('aws_iam_role_policy', 'p', { role: 'r', policy: encoded })]);
    expect(messages(NO_WILDCARD_ACTIONS, i)).toEqual(['policy statement 0: allows wildcard action "*"']);
    expect(messages(NO_WILDCARD_RESOURCE, i)).toEqual(['policy statement 0: "Resource": "*" with resource-scoped actions "*"']);
  });

  test('a trust policy with references and nested objects reads as IAM JSON', () => {
    const trust = '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"AWS" = "*"}, "Action" = ["sts:AssumeRole"], "Resource" = aws_s3_bucket.b.arn, "Condition" = {"Bool" = {"aws:x" = true}}, "N" = 3, "Nul" = null}]})}';
    expect(JSON.parse(jsonencodeArgument(trust)!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['sts:AssumeRole'], Resource: '${aws_s3_bucket.b.arn}', Condition: { Bool: { 'aws:x': true } }, N: 3, Nul: null }],
    });
    expect(messages(TRUST_NO_WILDCARD_PRINCIPAL, input([role('r', trust)]))).toEqual(['assume_role_policy statement 0: trusts every principal ("*")']);
  });

  test('the HCL reader takes only plain expressions', () => {
    expect(parsePlainHcl('{ a = "x${var.y}z", b: [1, -2.5e1, true], "c-d" = local.m["k"][0] }')).toEqual({ 'a': 'x${var.y}z', 'b': [1, -25, true], 'c-d': '${local.m["k"][0]}' });
    expect(parsePlainHcl('{ a = "$${literal}" }')).toEqual({ a: '${literal}' });
    for (const notPlain of ['{ a = merge(local.x, {}) }', '{ a = 1 + 2 }', '{ a = var.x ? 1 : 2 }', '[for s in var.l : s]', '{ a = "unterminated }']) {
      expect([notPlain, parsePlainHcl(notPlain)]).toEqual([notPlain, undefined]);
    }
    expect(jsonencodeArgument('${jsonencode(merge(local.base, {}))}')).toBeUndefined();
    expect(jsonencodeArgument('${aws_iam_policy.p.policy}')).toBeUndefined();
  });

  test('a jsonencode that is not plain is left to Terraform, not reported as malformed', () => {
    expect(messages(POLICY_DOCUMENT_READABLE, input([tf('aws_iam_role_policy', 'p', { role: 'r', policy: '${jsonencode(merge(local.base, {}))}' })]))).toEqual([]);
  });
});

describe('AWS-021 policy documents are well-formed', () => {
  test('valid documents, references and data sources pass', () => {
    expect(messages(POLICY_DOCUMENT_READABLE, input([
      tf('aws_iam_role_policy', 'a', { role: 'r', policy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }),
      tf('aws_iam_role_policy', 'b', { role: 'r', policy: '${aws_iam_policy.p.policy}' }),
      tf('aws_iam_role', 'c', { assume_role_policy: '${data.aws_iam_policy_document.t.json}' }),
      tf('data.aws_iam_policy_document', 't', { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }] }),
    ]))).toEqual([]);
  });

  test('a policy that is not valid JSON, or no policy document, is a finding', () => {
    const findings = POLICY_DOCUMENT_READABLE.check(input([
      tf('aws_iam_role_policy', 'broken', { role: 'r', policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}' }),
      tf('aws_iam_role', 'trust', { assume_role_policy: '{"Version": "2012-10-17"}' }),
      tf('aws_s3_bucket_policy', 'list', { bucket: 'b', policy: '[1, 2]' }),
      tf('aws_iam_role', 'inline', { assume_role_policy: doc(), inline_policy: [{ name: 'x', policy: 'not json' }] }),
    ]));
    expect(findings.map(f => [f.resource, f.message.replace(/\(.*\)/, '(…)')])).toEqual([
      ['aws_iam_role_policy.broken', 'policy is not valid JSON (…)'],
      ['aws_iam_role.trust', 'assume_role_policy has no Statement'],
      ['aws_s3_bucket_policy.list', 'policy is not a policy document (…)'],
      ['aws_iam_role.inline', 'inline_policy[0].policy is not valid JSON (…)'],
    ]);
  });
});
