import { Lazy, Testing, TerraformStack, Tokenization } from 'cdktf';
import { createLogGroup } from '../../src/aws/logs';
import { withoutTokenTraces } from '../../src/aws/token-traces';

/** What cdktf's token machinery reads: a stack captured into a plain object. */
function capturedStack(): string {
  const holder = { stack: '' };
  Error.captureStackTrace(holder);
  return holder.stack;
}

describe('withoutTokenTraces', () => {
  test('captures into plain objects are empty inside, full outside', () => {
    expect(withoutTokenTraces(capturedStack)).toBe('');
    expect(capturedStack()).toMatch(/capturedStack/);
  });

  test('errors created inside keep their message and frames', () => {
    const error = withoutTokenTraces(() => new Error('boom'));
    expect(error.stack).toMatch(/^Error: boom\n\s+at /);
  });

  test('errors created inside are formatted by the formatter installed before', () => {
    const previous = Error.prepareStackTrace;
    Error.prepareStackTrace = (e: Error) => `custom: ${e.message}`;
    try {
      expect(withoutTokenTraces(() => new Error('boom')).stack).toBe('custom: boom');
    } finally {
      Error.prepareStackTrace = previous;
    }
  });

  test('restores the previous formatter after a return and after a throw', () => {
    const previous = Error.prepareStackTrace;
    withoutTokenTraces(() => 1);
    expect(Error.prepareStackTrace).toBe(previous);
    expect(() => withoutTokenTraces(() => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(Error.prepareStackTrace).toBe(previous);
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
