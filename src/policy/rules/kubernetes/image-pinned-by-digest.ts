import { containerRule } from './util';
import { Severity } from '../../model';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Supply chain: images are pinned by digest. */
export const IMAGE_PINNED_BY_DIGEST = containerRule({
  id: 'K8S-022',
  severity: Severity.ERROR,
  title: 'Images are pinned by digest',
  description: 'Supply chain: a tag can be moved to another image at any time, so what runs is not what was reviewed and rollbacks are not reproducible. Every image must be referenced as `<name>@sha256:<64 hex>`. SecureMicroservice records an explicit opt-out (`OptOut.unpinnedImage(reason)`) in the annotation `opt-out.secure-constructs.io/unpinned-image`, which turns the finding into a suppressed one.',
  fix: 'Reference the image by digest (`ghcr.io/acme/orders@sha256:...`, see `crane digest` or `docker buildx imagetools inspect`); with secure-constructs, pass `OptOut.unpinnedImage(reason)` when the vendor publishes tags only.',
  optOutControl: 'unpinned-image',
}, c => {
  const image = c.container?.image;
  if (typeof image !== 'string' || image === '') return 'has no image';
  return DIGEST.test(image) ? undefined : `image "${image}" is not pinned by digest`;
});
