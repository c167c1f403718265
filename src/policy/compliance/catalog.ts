import { Framework } from './framework';

/** A group of controls: a NIST family, a PCI DSS section, a CIS section, a HIPAA standard, a GDPR article. */
export interface CatalogGroup {
  /** Group id, e.g. `SC`, `8.6`, `5.2`, `164.312(a)`, `Art. 32`. */
  readonly id: string;
  /** Short title. */
  readonly title: string;
  /**
   * Why infrastructure code cannot evidence the group, when the library maps no rule to any of its
   * controls (physical security, personnel, incident response processes, ...).
   */
  readonly outOfScope?: string;
}

/** A control a mapping may name. */
export interface CatalogControl {
  /** Control id as the framework writes it, e.g. `SC-7(5)`, `8.6.2`, `164.312(e)(1)`, `Art. 32(1)(a)`. */
  readonly id: string;
  /** Title (NIST, HIPAA, GDPR: the official one; PCI DSS and CIS: a short paraphrase of our own). */
  readonly title: string;
  /** Id of its group. */
  readonly group: string;
  /** Why the library cannot evidence it, for controls of evidenced groups that no rule maps to. */
  readonly outOfScope?: string;
}

/** The controls of one framework that reports and mappings use. */
export interface FrameworkCatalog {
  readonly framework: Framework;
  /** Display name, e.g. `PCI DSS`. */
  readonly name: string;
  /** Version, e.g. `v4.0`. */
  readonly version: string;
  /** Where the ids come from. */
  readonly source: string;
  /**
   * Whether `controls` lists every control of the groups the library evidences. When false (NIST,
   * PCI DSS), it holds the controls the library maps to and some of their neighbours; the other
   * controls of an evidenced group are not evidenced either, which the report says.
   */
  readonly complete: boolean;
  readonly groups: readonly CatalogGroup[];
  readonly controls: readonly CatalogControl[];
}
