import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

const NAME = /^([A-Za-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Checks an image reference. Digests (`name@sha256:<64 hex>`) always pass; a tag passes only when
 * `allowTag` is set (an explicit opt-out); `latest` and untagged references never pass.
 */
export function validateImage(scope: IConstruct, image: unknown, allowTag: boolean): string {
  const fixDigest = 'pin the image by digest, e.g. "ghcr.io/acme/orders@sha256:<64 hex>" (`docker buildx imagetools inspect <image>` prints it)';
  if (typeof image !== 'string' || image.length === 0) {
    fail(scope, 'image', image, 'an image reference is required', fixDigest);
  }
  const at = image.indexOf('@');
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  if (!NAME.test(name) || (tag !== undefined && !TAG.test(tag))) {
    fail(scope, 'image', image, 'not a valid image reference', fixDigest);
  }
  if (digest !== undefined) {
    if (!DIGEST.test(digest)) {
      fail(scope, 'image', image, 'the digest is not "sha256:" followed by 64 lower-case hex characters', fixDigest);
    }
    return image;
  }
  if (tag === undefined || tag === 'latest') {
    fail(scope, 'image', image, `the image ${tag ? 'uses the "latest" tag' : 'has no tag or digest'} and may change under the same name`, fixDigest);
  }
  if (!allowTag) {
    fail(scope, 'image', image, 'the image is pinned by tag, not by digest; a tag can be moved to other content', `${fixDigest}, or pass optOuts: [OptOut.unpinnedImage('<why>')]`);
  }
  return image;
}
