import { Lazy, Testing, TerraformStack, Tokenization } from 'cdktf';
import { createLogGroup } from '../../src/aws/logs';
import { cdktfStackTraces, withoutTokenTraces } from '../../src/aws/token-traces';

describe('withoutTokenTraces', () => {
  test('finds the capture cdktf\'s tokens call', () => {
    expect(cdktfStackTraces()).not.toBeNull();
  });

  test('errors created inside keep their message and frames', () => {
    const error = withoutTokenTraces(() => new Error('boom'));
    expect(error.stack).toMatch(/^Error: boom\n\s+at /);
  });

  test('restores cdktf\'s capture after a return and after a throw', () => {
    const before = cdktfStackTraces()!.captureStackTrace;
    let inside: unknown;
    withoutTokenTraces(() => {
      inside = cdktfStackTraces()!.captureStackTrace;
    });
    expect(inside).not.toBe(before);
    expect(cdktfStackTraces()!.captureStackTrace).toBe(before);
    expect(() => withoutTokenTraces(() => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(cdktfStackTraces()!.captureStackTrace).toBe(before);
  });

  test('nests: the inner call restores the outer one\'s capture', () => {
    const creationStack = (token: string) => Tokenization.reverseString(token).firstToken!.creationStack;
    const afterInner = withoutTokenTraces(() => {
      withoutTokenTraces(() => 1);
      return Lazy.stringValue({ produce: () => 'x' });
    });
    expect(creationStack(afterInner)).toEqual([]);
  });

  test('cdktf tokens created inside record no creation stack', () => {
    const creationStack = (token: string) => Tokenization.reverseString(token).firstToken!.creationStack;
    const inside = withoutTokenTraces(() => Lazy.stringValue({ produce: () => 'x' }));
    const outside = Lazy.stringValue({ produce: () => 'x' });
    expect(creationStack(inside)).toEqual([]);
    expect(creationStack(outside).length).toBeGreaterThan(0);
  });

  test('resources of the AWS layer synthesize as before', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    createLogGroup(stack, { name: '/x/y', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', retentionInDays: 90 });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.aws_cloudwatch_log_group)).toEqual([
      expect.objectContaining({ name: '/x/y', retention_in_days: 90 }),
    ]);
  });
});
