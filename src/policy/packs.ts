import { IRule } from './model';
import { AWS_RULES } from './rules/aws';
import { CROSS_CUTTING_RULES } from './rules/cross-cutting';
import { KUBERNETES_RULES } from './rules/kubernetes';

/**
 * The rule packs shipped with the library. Each call returns a new array, so callers may extend
 * it with their own rules.
 *
 * @example
 * const rules = [...Packs.kubernetes(), myRule];
 */
export class Packs {
  /**
   * Pod Security Standards "restricted", the NSA/CISA Kubernetes hardening guidance and
   * reliability rules, over every Kubernetes object.
   */
  public static kubernetes(): IRule[] {
    return [...KUBERNETES_RULES];
  }

  /** IAM, encryption, logging and network rules over the Terraform resources. */
  public static aws(): IRule[] {
    return [...AWS_RULES];
  }

  /** Rules over the wiring between the Kubernetes objects and the AWS resources. */
  public static crossCutting(): IRule[] {
    return [...CROSS_CUTTING_RULES];
  }

  /** Every pack: Kubernetes, AWS, cross-cutting. */
  public static all(): IRule[] {
    return [...Packs.kubernetes(), ...Packs.aws(), ...Packs.crossCutting()];
  }

  private constructor() {}
}
