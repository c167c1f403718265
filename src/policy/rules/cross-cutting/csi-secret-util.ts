import { asList, Workload, workloads } from './util';
import { PolicyInput } from '../../model';

/** The Secrets Store CSI driver. */
export const SECRETS_STORE_DRIVER = 'secrets-store.csi.k8s.io';

/** A Secrets Store CSI volume of a workload. */
export interface CsiSecretVolume {
  readonly workload: Workload;
  readonly volume: string;
  readonly providerClass: string | undefined;
}

/** Every Secrets Store CSI volume that a container of a workload mounts. */
export function csiSecretVolumes(input: PolicyInput): CsiSecretVolume[] {
  return workloads(input).flatMap(w => {
    const mounted = new Set([...asList<any>(w.spec.containers), ...asList<any>(w.spec.initContainers)]
      .flatMap(c => asList<any>(c?.volumeMounts).map(m => m?.name)));
    return asList<any>(w.spec.volumes)
      .filter(v => v?.csi?.driver === SECRETS_STORE_DRIVER && mounted.has(v.name))
      .map(v => ({ workload: w, volume: v.name, providerClass: v.csi.volumeAttributes?.secretProviderClass }));
  });
}
