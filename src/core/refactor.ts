import { IConstruct } from 'constructs';
import { fail } from './errors';
import { registerMove, hasMove } from '../aws/moves';
import { Platform } from '../platform/platform';

const PATH = /^[^/]+(\/[^/]+)+$/;

/**
 * Refactors of a construct that keep its AWS resources (and their data) in place.
 *
 * Terraform knows a resource by its address, which cdktf derives from the construct path. Renaming
 * a construct id or moving a construct under another scope changes the address, and Terraform would
 * destroy the resource at the old address and create a new one. `movedFrom` writes a Terraform
 * `moved` block for each of the construct's resources (and those of the constructs below it), from
 * the address it had at the old path to the new one, so that Terraform moves the state instead.
 *
 * Moves stay within one Terraform state: the old path must be in the same platform. Keep the call
 * until every state that held the old addresses has been applied.
 *
 * @example
 * // `prod/orders-table` was renamed to `prod/orders/table`:
 * const table = new SecureTable(orders, 'table', { tableName: 'prod-orders-table', partitionKey });
 * Refactor.of(table).movedFrom('prod/orders-table');
 */
export class Refactor {
  /** The refactors of `construct`. */
  public static of(construct: IConstruct): Refactor {
    return new Refactor(construct);
  }

  private constructor(private readonly construct: IConstruct) {}

  /**
   * Declares the construct's logical path before a rename or move (for example
   * `prod/orders-table`), so that every Terraform resource under it is moved, not replaced.
   *
   * @param previousPath the construct's earlier logical path, starting with the platform id
   * @throws ConfigurationError when the path is not a construct path of the same platform, is the
   * current path, or a move was declared for the construct already
   */
  public movedFrom(previousPath: string): void {
    const platform = Platform.of(this.construct);
    const current = this.construct.node.path;
    if (typeof previousPath !== 'string' || !PATH.test(previousPath)) {
      fail(this.construct, 'movedFrom(previousPath)', previousPath, 'not a construct path below a platform',
        `pass the construct's earlier path as synth reports it, e.g. "${platform.node.id}/orders-table"`);
    }
    const [platformId, ...from] = previousPath.split('/');
    if (platformId !== platform.node.id) {
      fail(this.construct, 'movedFrom(previousPath)', previousPath, `the earlier path is in platform "${platformId}", a different Terraform state; moved blocks work within one state`,
        `move the state with \`terraform state mv -state=<${platformId} state> -state-out=<${platform.node.id} state> <address> <address>\` (or remove it from the old state and import it into the new one), then drop this call`);
    }
    if (this.construct === platform || current === previousPath) {
      fail(this.construct, 'movedFrom(previousPath)', previousPath, this.construct === platform ? 'a platform is a Terraform state of its own; renaming it changes the state, not addresses within it' : 'the earlier path is the current path',
        this.construct === platform ? 'keep the platform id, or move the state file (local backend) or state key (S3) to the new name' : 'pass the path the construct had before the rename or move');
    }
    const scope = platform._terraformScope(this.construct);
    if (hasMove(scope)) {
      fail(this.construct, 'movedFrom(previousPath)', previousPath, 'a move is declared for this construct already', 'declare one earlier path per construct');
    }
    registerMove(scope, from);
  }
}
