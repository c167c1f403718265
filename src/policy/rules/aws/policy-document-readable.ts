import { awsRule, findingFor, unreadableDocuments } from './util';
import { Severity } from '../../model';

/** IAM: every policy argument holds a policy document the checker can read. */
export const POLICY_DOCUMENT_READABLE = awsRule({
  id: 'AWS-021',
  severity: Severity.ERROR,
  title: 'Policy documents are well-formed JSON',
  description: 'A trust, identity or resource policy argument that is not valid JSON, or has no `Statement`, cannot be checked by any of the IAM rules, and AWS rejects it at apply time. Skipping it would let a policy pass the gate unchecked.',
  fix: 'Write the policy as valid IAM JSON with a `Statement` list: with `JSON.stringify`, `Fn.jsonencode`, or a `data.aws_iam_policy_document`.',
}, input => unreadableDocuments(input).map(d => findingFor(d.resource, `${d.argument} ${d.problem}`)));
