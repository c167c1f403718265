/**
 * Terraform resource types that hold data (or keys to data) that is lost when Terraform destroys
 * the resource, with the arguments whose change makes Terraform replace it (destroy, then create):
 * the AWS provider marks them "forces new resource".
 *
 * Shared by rule AWS-033 (stateful resources are protected from destruction) and by
 * `secure-constructs diff` (which stateful resources a change destroys or replaces).
 */
export const STATEFUL_RESOURCES: { readonly [type: string]: readonly string[] } = {
  aws_kms_key: ['key_usage', 'customer_master_key_spec', 'custom_key_store_id', 'multi_region', 'xks_key_id'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key', 'local_secondary_index'],
  aws_sqs_queue: ['name', 'name_prefix', 'fifo_queue'],
  aws_cloudwatch_log_group: ['name', 'name_prefix'],
  aws_sns_topic: ['name', 'name_prefix', 'fifo_topic'],
  aws_kinesis_stream: ['name'],
  aws_ecr_repository: ['name'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'availability_zone_name'],
  aws_ebs_volume: ['availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id'],
  aws_db_instance: ['identifier', 'identifier_prefix', 'engine', 'kms_key_id', 'storage_encrypted', 'character_set_name', 'availability_zone'],
  aws_rds_cluster: ['cluster_identifier', 'cluster_identifier_prefix', 'engine', 'kms_key_id', 'storage_encrypted', 'database_name', 'master_username'],
  aws_backup_vault: ['name', 'kms_key_arn'],
};

/** Stateful types whose `skip_destroy` keeps the remote object when it leaves the state. */
export const SKIP_DESTROY_TYPES: readonly string[] = ['aws_cloudwatch_log_group'];

/** Whether resources of `type` hold data. */
export function isStateful(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(STATEFUL_RESOURCES, type);
}
