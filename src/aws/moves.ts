import { Aspects, IAspect, TerraformResource } from 'cdktf';
import { makeUniqueId } from 'cdktf/lib/private/unique';
import { Construct, IConstruct } from 'constructs';

/** A construct's earlier place in its stack: the ids of its path below the stack. */
interface Move {
  readonly scope: Construct;
  readonly from: string[];
}

/** The moves registered on each Terraform scope. */
const moves = new WeakMap<IConstruct, Move>();

/**
 * The Terraform address (`<type>.<name>`) a resource of `type` at `components` (its path below the
 * stack) has: cdktf's own naming (`makeUniqueId`, a readable prefix and a hash of the path).
 */
export function terraformAddress(type: string, components: string[]): string {
  return `${type}.${makeUniqueId(components)}`;
}

/** Whether a move is registered on `scope` already. */
export function hasMove(scope: IConstruct): boolean {
  return moves.has(scope);
}

/**
 * Declares that the resources under `scope` (a scope of a Terraform stack) were at `from` (ids below
 * the same stack) before a rename or move. When the stack is synthesized, every resource under
 * `scope` whose address differs from the one it had there gets a `moved { from, to }` block
 * (Terraform >= 1.5), so Terraform moves its state instead of destroying and creating it. A move
 * registered on a scope below `scope` wins for the resources under it.
 */
export function registerMove(scope: Construct, from: string[]): void {
  moves.set(scope, { scope, from });
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (!TerraformResource.isTerraformResource(node)) return;
      const scopes = node.node.scopes;
      // The nearest scope with a move decides.
      let nearest: Move | undefined;
      for (let i = scopes.length - 1; i >= 0 && !nearest; i--) nearest = moves.get(scopes[i]);
      if (nearest?.scope !== scope) return;
      const below = scopes.slice(scopes.indexOf(scope) + 1).map(s => s.node.id);
      const resource = node as TerraformResource;
      const previous = terraformAddress(resource.terraformResourceType, [...from, ...below]);
      if (previous !== `${resource.terraformResourceType}.${resource.friendlyUniqueId}`) resource.moveFromId(previous);
    },
  };
  Aspects.of(scope).add(aspect);
}
