import { CIS_EKS_CATALOG, CIS_KUBERNETES_CATALOG } from './cis';
import { GDPR_CATALOG } from './gdpr';
import { HIPAA_CATALOG } from './hipaa';
import { NIST_CATALOG } from './nist-800-53-r5';
import { PCI_DSS_CATALOG } from './pci-dss-4';
import { FrameworkCatalog } from '../catalog';
import { Framework } from '../framework';

/** The catalog of every framework. */
export const CATALOGS: { readonly [f in Framework]: FrameworkCatalog } = {
  [Framework.PCI_DSS_4]: PCI_DSS_CATALOG,
  [Framework.HIPAA]: HIPAA_CATALOG,
  [Framework.GDPR]: GDPR_CATALOG,
  [Framework.NIST_800_53_R5]: NIST_CATALOG,
  [Framework.CIS_KUBERNETES]: CIS_KUBERNETES_CATALOG,
  [Framework.CIS_EKS]: CIS_EKS_CATALOG,
};
