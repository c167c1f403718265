import {
  actionsOf, IamPolicyDocument, irsaTrustProblems, podIdentityTrustProblems, unknownActions, wildcardActions,
} from './iam';

const doc = (...actions: string[]): IamPolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: ['arn:aws:s3:::bucket/*'] }],
});

const podIdentity = {
  account: '111122223333',
  clusterArn: 'arn:aws:eks:eu-west-1:111122223333:cluster/c',
  namespace: 'ns',
  serviceAccount: 'sa',
};

function podIdentityTrust(): any {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '111122223333',
          'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/c',
          'aws:RequestTag/kubernetes-namespace': 'ns',
          'aws:RequestTag/kubernetes-service-account': 'sa',
        },
      },
    }],
  };
}

describe('IAM document checks', () => {
  test('actions come from Action and NotAction, single or list', () => {
    expect(actionsOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }, { Effect: 'Deny', NotAction: ['sqs:SendMessage'] }] }))
      .toEqual(['s3:GetObject', 'sqs:SendMessage']);
  });

  test('known actions pass the catalog, case-insensitively', async () => {
    expect(await unknownActions(doc('s3:GetObject', 'sts:AssumeRole', 'secretsmanager:GetSecretValue', 'kms:Decrypt'))).toEqual([]);
  });

  test('unknown actions, unknown services and malformed actions are reported', async () => {
    expect(await unknownActions(doc('s3:GetObjects', 'nosuchservice:GetObject', 'GetObject', 's3:*'))).toEqual([
      's3:GetObjects', 'nosuchservice:GetObject', 'GetObject', 's3:*',
    ]);
  });

  test('wildcards are found', () => {
    expect(wildcardActions(doc('s3:GetObject', 's3:*', '*', 's3:Get?bject', 's3:List*'))).toEqual(['s3:*', '*', 's3:Get?bject', 's3:List*']);
  });

  test('a Pod Identity trust policy with every condition passes', () => {
    expect(podIdentityTrustProblems(podIdentityTrust(), podIdentity)).toEqual([]);
  });

  test.each([
    'aws:SourceAccount', 'aws:RequestTag/eks-cluster-arn', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account',
  ])('a Pod Identity trust policy without %s fails', (key) => {
    const trust = podIdentityTrust();
    delete trust.Statement[0].Condition.StringEquals[key];
    expect(podIdentityTrustProblems(trust, podIdentity)).toEqual([expect.stringContaining(key)]);
  });

  test('a Pod Identity trust policy for another namespace or without TagSession fails', () => {
    expect(podIdentityTrustProblems(podIdentityTrust(), { ...podIdentity, namespace: 'other' })).toHaveLength(1);
    const trust = podIdentityTrust();
    trust.Statement[0].Action = 'sts:AssumeRole';
    expect(podIdentityTrustProblems(trust, podIdentity)).toHaveLength(1);
  });

  test('an IRSA trust policy needs sub and aud on the issuer', () => {
    const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    const trust: any = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:ns:sa', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      }],
    };
    const binding = { account: '111122223333', issuer: `https://${issuer}`, namespace: 'ns', serviceAccount: 'sa' };
    expect(irsaTrustProblems(trust, binding)).toEqual([]);
    delete trust.Statement[0].Condition.StringEquals[`${issuer}:aud`];
    expect(irsaTrustProblems(trust, binding)).toEqual([expect.stringContaining(':aud')]);
    trust.Statement[0].Condition = { StringLike: { [`${issuer}:sub`]: 'system:serviceaccount:ns:*' } };
    expect(irsaTrustProblems(trust, binding)).toEqual([expect.stringContaining(':sub'), expect.stringContaining(':aud')]);
  });
});
