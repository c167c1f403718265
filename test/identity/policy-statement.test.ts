import { Construct } from 'constructs';
import { Effect, PolicyStatement, SecureMicroservice } from '../../src';
import { conditionOperator, validateStatement } from '../../src/identity/policy-statement';
import { expectConfigError } from '../support/errors';
import { image, newPlatform } from '../support/synth';

const scope = () => new Construct(new Construct(undefined as any, ''), 'svc');
const ok = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] };
const check = (props: any) => validateStatement(scope(), 'statement', new PolicyStatement(props));

test('a well-formed statement passes and renders in a fixed order', () => {
  const s = new PolicyStatement({
    sid: 'ReadReceipts2',
    effect: Effect.DENY,
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::b/*'],
    conditions: {
      'StringEquals': { 'aws:SourceAccount': '111122223333' },
      'ForAnyValue:StringLike': { 's3:prefix': ['receipts/*', 'invoices/*'] },
      'BoolIfExists': { 'aws:SecureTransport': 'true' },
      'NumericLessThanEquals': { 's3:max-keys': '100' },
      'IpAddress': { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32', '192.0.2.1'] },
      'DateGreaterThan': { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
      'ArnLike': { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:*' },
      'Null': { 'aws:TokenIssueTime': 'false' },
      'StringEqualsIgnoreCase': { 'kms:EncryptionContext:aws:dynamodb:tableName': '${aws_dynamodb_table.t.name}' },
    },
  });
  expect(() => validateStatement(scope(), 'statement', s)).not.toThrow();
  expect(Object.keys(s.toJson())).toEqual(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);
});

test('condition operator names', () => {
  expect(conditionOperator('StringEquals')).toBe('StringEquals');
  expect(conditionOperator('ForAllValues:StringLikeIfExists')).toBe('StringLike');
  expect(conditionOperator('ArnNotLikeIfExists')).toBe('ArnNotLike');
  expect(conditionOperator('NumericGreaterThanEqualsIfExists')).toBe('NumericGreaterThanEquals');
  for (const bad of ['StringEqual', 'stringequals', 'ForSomeValues:StringLike', 'NullIfExists', 'ForAnyValue:Null', 'StringEqualsIfExistsIfExists', '']) {
    expect(conditionOperator(bad)).toBeUndefined();
  }
});

describe('refused', () => {
  test.each([
    ['an effect in lower case', { ...ok, effect: 'allow' }, 'statement.effect', 'allow', 'not a Effect (values are case-sensitive: "Allow")'],
    ['an effect that does not exist', { ...ok, effect: 'Permit' }, 'statement.effect', 'Permit', 'not a Effect'],
    ['a Sid with a hyphen', { ...ok, sid: 'read-receipts' }, 'statement.sid', 'read-receipts', 'only ASCII letters and digits'],
    ['a Sid with a space', { ...ok, sid: 'Read receipts' }, 'statement.sid', 'Read receipts', 'only ASCII letters and digits'],
    ['an empty Sid', { ...ok, sid: '' }, 'statement.sid', '', 'only ASCII letters and digits'],
    ['an action without a service', { ...ok, actions: ['GetObject'] }, 'statement.actions', 'GetObject', 'service:Action'],
    ['an action with a wildcard', { ...ok, actions: ['s3:Get*'] }, 'statement.actions', 's3:Get*', 'wildcard'],
    ['actions as a string', { ...ok, actions: 's3:GetObject' }, 'statement.actions', 's3:GetObject', 'a list is expected, not a string'],
    ['resources as a string', { ...ok, resources: 'arn:aws:s3:::b/*' }, 'statement.resources', 'arn:aws:s3:::b/*', 'a list is expected, not a string'],
    ['no resources', { actions: ['s3:GetObject'] }, 'statement.resources', undefined, 'resources is required'],
    ['IAM JSON casing', { ...ok, Effect: 'Allow' }, 'statement.Effect', 'Allow', 'did you mean "effect"?'],
    ['conditions as a list', { ...ok, conditions: [] }, 'statement.conditions', [], 'an object is expected, not a list'],
    ['an empty condition block', { ...ok, conditions: {} }, 'statement.conditions', {}, 'is not empty'],
    ['an unknown operator', { ...ok, conditions: { StringEqual: { 'aws:SourceAccount': '1' } } }, 'statement.conditions.StringEqual', 'StringEqual', 'not an IAM condition operator'],
    ['a value directly under the operator', { ...ok, conditions: { StringEquals: 'aws:SourceAccount' } }, 'statement.conditions.StringEquals', 'aws:SourceAccount', 'maps condition keys to values'],
    ['a condition key without a service', { ...ok, conditions: { StringEquals: { SourceAccount: '1' } } }, 'statement.conditions.StringEquals.SourceAccount', 'SourceAccount', 'service:key'],
    ['a boolean value', { ...ok, conditions: { Bool: { 'aws:SecureTransport': false } } }, 'statement.conditions.Bool.aws:SecureTransport', false, 'condition values are strings'],
    ['a nested object value', { ...ok, conditions: { StringEquals: { 'aws:PrincipalTag/team': { a: 'b' } } } }, 'statement.conditions.StringEquals.aws:PrincipalTag/team', { a: 'b' }, 'condition values are strings'],
    ['an empty list of values', { ...ok, conditions: { StringEquals: { 'aws:SourceAccount': [] } } }, 'statement.conditions.StringEquals.aws:SourceAccount', [], 'matches nothing'],
    ['Bool with another word', { ...ok, conditions: { Bool: { 'aws:SecureTransport': 'yes' } } }, 'statement.conditions.Bool.aws:SecureTransport', 'yes', '"true" or "false"'],
    ['a numeric operator with text', { ...ok, conditions: { NumericLessThan: { 's3:max-keys': 'ten' } } }, 'statement.conditions.NumericLessThan.s3:max-keys', 'ten', 'with a number'],
    ['an IP operator with a bad CIDR', { ...ok, conditions: { IpAddress: { 'aws:SourceIp': ':::::/64' } } }, 'statement.conditions.IpAddress.aws:SourceIp', ':::::/64', 'IP address or CIDR'],
    ['a date operator with no date', { ...ok, conditions: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }, 'statement.conditions.DateLessThan.aws:CurrentTime', 'tomorrow', 'ISO 8601'],
    ['an ARN operator with a name', { ...ok, conditions: { ArnEquals: { 'aws:SourceArn': 'my-topic' } } }, 'statement.conditions.ArnEquals.aws:SourceArn', 'my-topic', 'with an ARN'],
  ])('%s', (_label, props, property, received, problem) => {
    const e = expectConfigError(() => check(props), { path: 'svc', property, received });
    expect(e.problem).toContain(problem);
  });

  test('null props and a plain object for a statement', () => {
    expectConfigError(() => check(null), { path: 'svc', property: 'statement', received: null });
    const e = expectConfigError(() => validateStatement(scope(), 'statement', { actions: ['s3:GetObject'] } as any), { path: 'svc', property: 'statement', received: { actions: ['s3:GetObject'] } });
    expect(e.problem).toBe('a plain object is not a PolicyStatement');
  });

  test('a string of actions is not spread into characters', () => {
    expect(new PolicyStatement({ actions: 's3:GetObject' as any, resources: ['x'] }).actions).toEqual([]);
  });

  test('through addToPrincipalPolicy, the error names the service', () => {
    const svc = new SecureMicroservice(newPlatform(), 'orders', { image: image() });
    expectConfigError(() => svc.addToPrincipalPolicy(new PolicyStatement({ ...ok, effect: 'allow' as any })), { path: 'test/orders', property: 'statement.effect', received: 'allow' });
  });
});
