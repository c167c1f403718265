/**
 * Turns the cdktf tokens of the constructs' ARN properties into the Terraform references written
 * in the output, for the testing kit (`toAllowAwsAction(service, action, queue.queueArn)`).
 */
import { DefaultTokenResolver, StringConcat, TerraformStack, Token } from 'cdktf';
import { resolve as resolveTokens } from 'cdktf/lib/tokens/private/resolve';
import { IConstruct } from 'constructs';
import { TerraformApp } from './terraform';
import { withoutTokenTraces } from './token-traces';

/**
 * `value` with its cdktf tokens (a construct's `queueArn`, `secretArn`, `bucketArn`, also inside a
 * longer string) resolved as they are written into the Terraform JSON, e.g.
 * `${aws_sqs_queue.orders_Queue_ABCD1234.arn}`. Each stack of `app` is tried, `preferred` first;
 * a value without tokens is returned as it is.
 *
 * @throws Error when no stack of the app resolves the tokens
 */
export function resolveTerraformString(app: TerraformApp, value: string, preferred?: IConstruct): string {
  if (!Token.isUnresolved(value)) return value;
  const stacks = app.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const ordered = [...stacks.filter(s => s === preferred), ...stacks.filter(s => s !== preferred)];
  for (const stack of ordered) {
    try {
      const resolved = withoutTokenTraces(() => resolveTokens(value, {
        scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()), prefix: [],
      }));
      if (typeof resolved === 'string' && !Token.isUnresolved(resolved)) return resolved;
    } catch {
      // a reference that this stack cannot express: try the next one
    }
  }
  throw new Error(`cannot resolve ${value} against the app's Terraform stacks (${stacks.map(s => s.node.id).join(', ') || 'none'})`);
}
