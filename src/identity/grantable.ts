import { PolicyStatement } from './policy-statement';

/**
 * Something that can be given IAM permissions.
 */
export interface IPrincipal {
  /**
   * Adds a statement to the principal's identity policy, creating its IAM role on first use.
   */
  addToPrincipalPolicy(statement: PolicyStatement): void;
}

/**
 * Something that resources can grant access to (the AWS CDK `IGrantable` pattern).
 */
export interface IGrantable {
  /** The principal that receives granted permissions. */
  readonly grantPrincipal: IPrincipal;
}
