import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';

/**
 * Options of {@link TerraformStacks.perNamespace}.
 */
export interface PerNamespaceStacksOptions {
  /**
   * Namespaces that share a stack, by group name: the group's services' resources go to the stack
   * `<platform>-<group>`. Namespaces in no group get a stack of their own, `<platform>-<namespace>`.
   *
   * @default - every namespace has its own stack
   */
  readonly groups?: { [group: string]: string[] };
}

/**
 * How a platform's Terraform is split into stacks (each stack is one Terraform state).
 *
 * `single()` (the default) writes everything to one stack named after the platform. With
 * `perNamespace()`, that stack keeps what the platform shares (its KMS key, the log shipper's role,
 * the access-log bucket, and the secrets, buckets, queues and tables created outside a service),
 * and each namespace (or named group of namespaces) gets a stack `<platform>-<namespace>` with its
 * services' resources (roles, policies, Pod Identity associations, log groups, certificates). A
 * service's references to shared resources (the key's ARN, a table's ARN in a grant) become
 * cross-stack references: cdktf writes an output in the shared stack and reads it from its state
 * in the service's stack, and records the dependency in `manifest.json`, so `cdktf deploy '*'`
 * applies the shared stack first. Each stack has its own state: with `StateBackend.s3` each gets its
 * own key (and lock).
 *
 * Moving an existing platform from one stack to several moves the services' resources to other
 * states; Terraform would destroy and recreate them. Move their state first
 * (`terraform state mv -state-out`), and check with `secure-constructs diff`.
 */
export class TerraformStacks {
  /** One stack for the whole platform (the default). */
  public static single(): TerraformStacks {
    return new TerraformStacks(false, {});
  }

  /** A shared stack plus one stack per namespace (or per named group of namespaces). */
  public static perNamespace(options: PerNamespaceStacksOptions = {}): TerraformStacks {
    return new TerraformStacks(true, options ?? {});
  }

  /** Whether services' resources go to per-namespace stacks. */
  public readonly perNamespaceStacks: boolean;
  /** The groups of namespaces that share a stack. */
  public readonly groups: { [group: string]: string[] };

  private constructor(perNamespace: boolean, options: PerNamespaceStacksOptions) {
    this.perNamespaceStacks = perNamespace;
    this.groups = options.groups ?? {};
  }
}

/** The stack of each namespace of a platform, created on first use. @internal */
export class StackRouter {
  private readonly groupOf = new Map<string, string>();
  private readonly stacks = new Map<string, Construct>();

  constructor(
    private readonly platform: IConstruct,
    private readonly base: Construct,
    private readonly layout: TerraformStacks,
    private readonly create: (stackId: string, suffix: string) => Construct,
  ) {
    if (!(layout instanceof TerraformStacks)) {
      fail(platform, 'terraformStacks', layout, 'not a TerraformStacks', 'use TerraformStacks.single() or TerraformStacks.perNamespace()');
    }
    const groups = layout.groups;
    if (!groups || typeof groups !== 'object' || Array.isArray(groups)) {
      fail(platform, 'terraformStacks.groups', groups, 'not a map of group names to namespaces', "pass { groups: { payments: ['billing', 'ledger'] } }");
    }
    for (const [group, namespaces] of Object.entries(groups)) {
      validateDnsLabel(platform, `terraformStacks.groups.${group}`, group);
      if (!Array.isArray(namespaces) || namespaces.length === 0) {
        fail(platform, `terraformStacks.groups.${group}`, namespaces, 'a group lists at least one namespace', `pass { ${group}: ['<namespace>', ...] }`);
      }
      namespaces.forEach((ns, i) => {
        validateDnsLabel(platform, `terraformStacks.groups.${group}[${i}]`, ns);
        const other = this.groupOf.get(ns);
        if (other !== undefined) {
          fail(platform, `terraformStacks.groups.${group}[${i}]`, ns, `the namespace is in group "${other}" already`, 'list each namespace in one group');
        }
        this.groupOf.set(ns, group);
      });
    }
  }

  /** The stack that holds the resources of `construct`: its service's namespace stack, or the shared one. */
  public stackFor(construct: IConstruct): Construct {
    if (!this.layout.perNamespaceStacks) return this.base;
    for (let s: IConstruct | undefined = construct; s && s !== this.platform; s = s.node.scope) {
      const service = s as IConstruct & { serviceName?: unknown; namespace?: unknown };
      if (typeof service.serviceName === 'string' && typeof service.namespace === 'string') return this.stackOf(service.namespace);
    }
    return this.base;
  }

  private stackOf(namespace: string): Construct {
    const suffix = this.groupOf.get(namespace) ?? namespace;
    let stack = this.stacks.get(suffix);
    if (!stack) {
      const stackId = `${this.platform.node.id}-${suffix}`;
      const clash = this.base.node.scope?.node.tryFindChild(stackId);
      if (clash) {
        fail(this.platform, 'terraformStacks', stackId, `the stack of namespace "${namespace}" would be named "${stackId}", the name of another stack (${clash.node.path})`,
          `put the namespace in a group with another name: TerraformStacks.perNamespace({ groups: { '<name>': ['${namespace}'] } })`);
      }
      stack = this.create(stackId, suffix);
      this.stacks.set(suffix, stack);
    }
    return stack;
  }
}
