import { resourcesDesignating } from './util';
import { PolicyInput, TerraformResource } from '../../model';

/** The resources of `type` in the same stack that configure `bucket` (by reference or by name). */
export function bucketSettings(input: PolicyInput, bucket: TerraformResource, type: string): TerraformResource[] {
  // By index: the same as filtering input.terraform with designates(r.config?.bucket, bucket, ['bucket']).
  return resourcesDesignating(input, type, 'bucket', bucket, ['bucket']).filter(r => r.stack === bucket.stack);
}
