import { DYNAMODB_ENCRYPTION } from './dynamodb-encryption';
import { DYNAMODB_POINT_IN_TIME_RECOVERY } from './dynamodb-point-in-time-recovery';
import { IAM_CREDENTIALS_EXPOSURE } from './iam-credentials-exposure';
import { IAM_DATA_EXFILTRATION } from './iam-data-exfiltration';
import { IAM_PRIVILEGE_ESCALATION } from './iam-privilege-escalation';
import { IAM_WRITE_WITHOUT_CONSTRAINTS } from './iam-write-without-constraints';
import { KMS_KEY_DELETION_WINDOW } from './kms-key-deletion-window';
import { KMS_KEY_POLICY } from './kms-key-policy';
import { KMS_KEY_ROTATION } from './kms-key-rotation';
import { LOG_GROUP_ENCRYPTION } from './log-group-encryption';
import { LOG_GROUP_RETENTION } from './log-group-retention';
import { NO_ADMIN_MANAGED_POLICIES } from './no-admin-managed-policies';
import { NO_NOT_ACTION_ALLOW } from './no-not-action-allow';
import { NO_OPEN_EGRESS } from './no-open-egress';
import { NO_OPEN_INGRESS } from './no-open-ingress';
import { NO_WILDCARD_ACTIONS } from './no-wildcard-actions';
import { NO_WILDCARD_RESOURCE } from './no-wildcard-resource';
import { POD_IDENTITY_TRUST_SCOPED } from './pod-identity-trust-scoped';
import { POLICY_DOCUMENT_READABLE } from './policy-document-readable';
import { RESOURCE_POLICY_NO_PUBLIC } from './resource-policy-no-public';
import { S3_KMS_ENCRYPTION } from './s3-kms-encryption';
import { S3_PUBLIC_ACCESS_BLOCK } from './s3-public-access-block';
import { S3_TLS_ONLY } from './s3-tls-only';
import { S3_VERSIONING } from './s3-versioning';
import { SECRETS_CUSTOMER_KEY } from './secrets-customer-key';
import { SECRETS_ROTATION } from './secrets-rotation';
import { SNS_ENCRYPTION } from './sns-encryption';
import { SQS_CUSTOMER_KEY } from './sqs-customer-key';
import { STATEFUL_PREVENT_DESTROY } from './stateful-prevent-destroy';
import { TRUST_NO_WHOLE_ACCOUNT } from './trust-no-whole-account';
import { TRUST_NO_WILDCARD_PRINCIPAL } from './trust-no-wildcard-principal';
import { WEB_ACL_PROTECTIONS } from './web-acl-protections';
import { WEB_IDENTITY_TRUST_SCOPED } from './web-identity-trust-scoped';
import { IRule } from '../../model';

/** The AWS pack: IAM, encryption at rest, logging and network rules over Terraform resources. */
export const AWS_RULES: IRule[] = [
  NO_WILDCARD_ACTIONS,
  NO_WILDCARD_RESOURCE,
  NO_NOT_ACTION_ALLOW,
  NO_ADMIN_MANAGED_POLICIES,
  TRUST_NO_WILDCARD_PRINCIPAL,
  RESOURCE_POLICY_NO_PUBLIC,
  POD_IDENTITY_TRUST_SCOPED,
  WEB_IDENTITY_TRUST_SCOPED,
  KMS_KEY_ROTATION,
  KMS_KEY_DELETION_WINDOW,
  SECRETS_CUSTOMER_KEY,
  S3_PUBLIC_ACCESS_BLOCK,
  S3_KMS_ENCRYPTION,
  S3_VERSIONING,
  SQS_CUSTOMER_KEY,
  DYNAMODB_ENCRYPTION,
  DYNAMODB_POINT_IN_TIME_RECOVERY,
  LOG_GROUP_ENCRYPTION,
  LOG_GROUP_RETENTION,
  NO_OPEN_INGRESS,
  POLICY_DOCUMENT_READABLE,
  IAM_PRIVILEGE_ESCALATION,
  IAM_CREDENTIALS_EXPOSURE,
  IAM_DATA_EXFILTRATION,
  IAM_WRITE_WITHOUT_CONSTRAINTS,
  TRUST_NO_WHOLE_ACCOUNT,
  SNS_ENCRYPTION,
  NO_OPEN_EGRESS,
  KMS_KEY_POLICY,
  S3_TLS_ONLY,
  SECRETS_ROTATION,
  WEB_ACL_PROTECTIONS,
  STATEFUL_PREVENT_DESTROY,
];
