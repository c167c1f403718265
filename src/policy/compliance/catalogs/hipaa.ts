// HIPAA Security Rule, technical safeguards: 45 CFR 164.312, paragraph designations and official
// headings (the full list; schemas/frameworks/hipaa-164-312.json is the checked copy).
import { FrameworkCatalog } from '../catalog';
import { Framework } from '../framework';

export const HIPAA_CATALOG: FrameworkCatalog = {
  framework: Framework.HIPAA,
  name: 'HIPAA Security Rule',
  version: '45 CFR 164.312 (technical safeguards)',
  source: '45 CFR 164.312, codified text: paragraph designations and headings',
  complete: true,
  groups: [
    { id: '164.312(a)', title: 'Access control' },
    { id: '164.312(b)', title: 'Audit controls' },
    { id: '164.312(c)', title: 'Integrity' },
    { id: '164.312(d)', title: 'Person or entity authentication' },
    { id: '164.312(e)', title: 'Transmission security' },
  ],
  controls: [
    { id: '164.312(a)(1)', title: 'Access control', group: '164.312(a)' },
    { id: '164.312(a)(2)(i)', title: 'Unique user identification', group: '164.312(a)' },
    {
      id: '164.312(a)(2)(ii)',
      title: 'Emergency access procedure',
      group: '164.312(a)',
      outOfScope: 'a procedure of the covered entity for obtaining ePHI in an emergency; infrastructure code does not show it',
    },
    {
      id: '164.312(a)(2)(iii)',
      title: 'Automatic logoff',
      group: '164.312(a)',
      outOfScope: 'ending idle user sessions is behaviour of the application and its identity provider, not of the platform',
    },
    { id: '164.312(a)(2)(iv)', title: 'Encryption and decryption', group: '164.312(a)' },
    { id: '164.312(b)', title: 'Audit controls', group: '164.312(b)' },
    { id: '164.312(c)(1)', title: 'Integrity', group: '164.312(c)' },
    {
      id: '164.312(c)(2)',
      title: 'Mechanism to authenticate electronic protected health information',
      group: '164.312(c)',
      outOfScope: 'checksums or signatures over the records themselves are application logic; the library only protects where they are stored',
    },
    { id: '164.312(d)', title: 'Person or entity authentication', group: '164.312(d)' },
    { id: '164.312(e)(1)', title: 'Transmission security', group: '164.312(e)' },
    { id: '164.312(e)(2)(i)', title: 'Integrity controls', group: '164.312(e)' },
    { id: '164.312(e)(2)(ii)', title: 'Encryption', group: '164.312(e)' },
  ],
};
