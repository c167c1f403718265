import { input, irsaTrust, messages, serviceAccount, tf } from './fixtures';
import { ROLE_ARN_ANNOTATION_RESOLVES } from '../../../../src/policy/rules/cross-cutting/role-arn-annotation-resolves';

const annotation = (name: string) => ({ 'eks.amazonaws.com/role-arn': `arn:aws:iam::111122223333:role/${name}` });

describe('X-003 role-arn annotations resolve', () => {
  test('an annotation naming a role that trusts the service account passes', () => {
    expect(messages(ROLE_ARN_ANNOTATION_RESOLVES, input(
      [tf('aws_iam_role', 'web_Role', { name: 'prod-web', assume_role_policy: irsaTrust('web', 'web') })],
      [serviceAccount('web', 'web', annotation('prod-web')), serviceAccount('plain', 'web')],
    ))).toEqual([]);
  });

  test('flags unknown roles and roles that trust another service account', () => {
    expect(messages(ROLE_ARN_ANNOTATION_RESOLVES, input(
      [tf('aws_iam_role', 'web_Role', { name: 'prod-web', assume_role_policy: irsaTrust('web', 'web') })],
      [serviceAccount('web', 'web', annotation('prod-missing')), serviceAccount('other', 'web', annotation('prod-web'))],
    ))).toEqual([
      'eks.amazonaws.com/role-arn arn:aws:iam::111122223333:role/prod-missing names no aws_iam_role of the configuration',
      'role arn:aws:iam::111122223333:role/prod-web does not trust system:serviceaccount:web:other',
    ]);
  });
});
