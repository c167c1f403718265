// GDPR (Regulation (EU) 2016/679): the articles on security; ids, official headings and, for
// Art. 32(1)(a)-(d), the point's own wording (schemas/frameworks/gdpr.json is the checked copy).
import { FrameworkCatalog } from '../catalog';
import { Framework } from '../framework';

const SECURITY = 'Security of processing';
const DESIGN = 'Data protection by design and by default';

export const GDPR_CATALOG: FrameworkCatalog = {
  framework: Framework.GDPR,
  name: 'GDPR',
  version: 'Regulation (EU) 2016/679',
  source: 'Regulation (EU) 2016/679: article ids and headings',
  complete: true,
  groups: [
    { id: 'Art. 5', title: 'Principles relating to processing of personal data' },
    { id: 'Art. 25', title: DESIGN },
    { id: 'Art. 32', title: SECURITY },
    {
      id: 'Art. 33',
      title: 'Notification of a personal data breach to the supervisory authority',
      outOfScope: 'notifying the supervisory authority is a process of the controller; the shipped logs can inform it but do not perform it',
    },
    {
      id: 'Art. 34',
      title: 'Communication of a personal data breach to the data subject',
      outOfScope: 'communicating a breach to data subjects is a process of the controller, outside infrastructure code',
    },
  ],
  controls: [
    { id: 'Art. 5(1)(f)', title: 'Principles relating to processing of personal data: integrity and confidentiality', group: 'Art. 5' },
    { id: 'Art. 25(1)', title: DESIGN, group: 'Art. 25' },
    { id: 'Art. 25(2)', title: DESIGN, group: 'Art. 25' },
    { id: 'Art. 32(1)(a)', title: `${SECURITY}: the pseudonymisation and encryption of personal data`, group: 'Art. 32' },
    {
      id: 'Art. 32(1)(b)',
      group: 'Art. 32',
      title: `${SECURITY}: the ability to ensure the ongoing confidentiality, integrity, availability and resilience of processing systems and services`,
    },
    {
      id: 'Art. 32(1)(c)',
      group: 'Art. 32',
      title: `${SECURITY}: the ability to restore the availability and access to personal data in a timely manner in the event of a physical or technical incident`,
    },
    {
      id: 'Art. 32(1)(d)',
      group: 'Art. 32',
      title: `${SECURITY}: a process for regularly testing, assessing and evaluating the effectiveness of technical and organisational measures for ensuring the security of the processing`,
      outOfScope: 'the policy check runs at every synth and can feed such a process, but the process (its schedule, scope and follow-up) is organisational',
    },
    { id: 'Art. 32(2)', title: SECURITY, group: 'Art. 32' },
    {
      id: 'Art. 33', title: 'Notification of a personal data breach to the supervisory authority', group: 'Art. 33',
    },
    {
      id: 'Art. 34', title: 'Communication of a personal data breach to the data subject', group: 'Art. 34',
    },
  ],
};
