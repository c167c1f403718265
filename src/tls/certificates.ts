import { Construct } from 'constructs';
import { CERT_MANAGER_GROUP, IssuerRef } from './issuer-ref';
import { CERTIFICATE_DURATION, CERTIFICATE_RENEW_BEFORE, ServiceTls, TLS_MOUNT_PATH } from './service-tls';
import { kubeObject } from '../core/kube-object';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyEncoding, CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages, ClusterIssuer,
} from '../imports/cert-manager.io';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import type { Platform } from '../platform/platform';
import type { ServiceWorkload } from '../workload/service-workload';

/** Private key of service and host certificates: ECDSA P-256, a new key at every renewal. */
export const LEAF_PRIVATE_KEY = {
  algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA,
  size: 256,
  encoding: CertificateSpecPrivateKeyEncoding.PKCS8,
  rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
};

/** Name of the volume that holds a service's certificate. */
export const TLS_VOLUME_NAME = 'tls-certificate';
/** Environment variables that point the container at its certificate files. */
export const TLS_ENV = { TLS_CERT_FILE: `${TLS_MOUNT_PATH}/tls.crt`, TLS_KEY_FILE: `${TLS_MOUNT_PATH}/tls.key`, TLS_CA_FILE: `${TLS_MOUNT_PATH}/ca.crt` };
/** Lifetime of the private CA: 10 years, renewed 1 year before expiry (with the same key). */
export const CA_DURATION = '87600h';
export const CA_RENEW_BEFORE = '8760h';
/** Mode of the mounted files: readable by the owner and the pod's fsGroup only. */
const SECRET_FILE_MODE = 0o440;

/** Names of the private CA chain of a platform. */
export function privateCaNames(platformId: string) {
  return { selfSigned: `${platformId}-selfsigned`, ca: `${platformId}-ca`, caSecret: `${platformId}-ca` };
}

/**
 * The private CA chain of a platform, created once: a self-signed ClusterIssuer that signs only
 * the CA certificate, the CA Certificate (ECDSA P-256, in the cert-manager namespace), and the CA
 * ClusterIssuer that signs the services' certificates. The CA key is kept across renewals
 * (`rotationPolicy: Never`) so leaves issued before a CA renewal still verify against the renewed
 * CA certificate.
 */
function ensurePrivateCa(platform: Platform, tls: ServiceTls): IssuerRef {
  const names = privateCaNames(platform.node.id);
  if (!platform.chart.node.tryFindChild('PrivateCa')) {
    const scope = new Construct(platform.chart, 'PrivateCa');
    const annotations = { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path };
    const labels = { ...MANAGED_BY, 'app.kubernetes.io/part-of': platform.node.id };
    kubeObject(scope, 'SelfSigned', ClusterIssuer, { metadata: { name: names.selfSigned, labels, annotations }, spec: { selfSigned: {} } });
    kubeObject(scope, 'Certificate', Certificate, {
      metadata: { name: names.ca, namespace: tls.caNamespace, labels, annotations },
      spec: {
        isCa: true,
        commonName: `${platform.node.id} secure-constructs CA`,
        secretName: names.caSecret,
        duration: CA_DURATION,
        renewBefore: CA_RENEW_BEFORE,
        privateKey: {
          algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA,
          size: 256,
          encoding: CertificateSpecPrivateKeyEncoding.PKCS8,
          rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.NEVER,
        },
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN, CertificateSpecUsages.DIGITAL_SIGNATURE],
        issuerRef: { group: CERT_MANAGER_GROUP, kind: 'ClusterIssuer', name: names.selfSigned },
      },
    });
    kubeObject(scope, 'Issuer', ClusterIssuer, { metadata: { name: names.ca, labels, annotations }, spec: { ca: { secretName: names.caSecret } } });
  }
  return IssuerRef.clusterIssuer(names.ca);
}

/** The DNS names of a service: exactly the four names it is reachable by in the cluster. */
export function serviceDnsNames(name: string, namespace: string, clusterDomain = 'cluster.local'): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${clusterDomain}`];
}

/**
 * Gives a service its certificate: a cert-manager Certificate for its in-cluster DNS names
 * (server and client auth, ECDSA P-256 key rotated on every renewal, 90 days, renewed 30 days
 * before expiry) whose Secret `<name>-tls` is mounted read-only at {@link TLS_MOUNT_PATH}, with
 * TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE pointing at `tls.crt`, `tls.key` and `ca.crt`.
 *
 * Every service of the platform is issued by the same CA, so a caller verifies its peer with the
 * `ca.crt` of its own secret, and presents its own certificate as a client certificate.
 */
export function addServiceCertificate(workload: ServiceWorkload, tls: ServiceTls): string {
  const issuer = tls.issuer ?? ensurePrivateCa(workload.platform, tls);
  const secretName = `${workload.name}-tls`;
  kubeObject(workload.kubernetesScope, 'Certificate', Certificate, {
    metadata: workload.metadata(workload.name),
    spec: {
      secretName,
      secretTemplate: { labels: workload.labels },
      dnsNames: serviceDnsNames(workload.name, workload.namespace, tls.clusterDomain),
      duration: CERTIFICATE_DURATION,
      renewBefore: CERTIFICATE_RENEW_BEFORE,
      privateKey: LEAF_PRIVATE_KEY,
      // ECDSA keys sign (digital signature); key encipherment applies to RSA key transport only.
      usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE],
      issuerRef: issuer._toJson(),
    },
  });
  workload.pod.addReadOnlyVolume({ name: TLS_VOLUME_NAME, secret: { secretName, defaultMode: SECRET_FILE_MODE } }, TLS_MOUNT_PATH);
  for (const [name, value] of Object.entries(TLS_ENV)) workload.pod.addEnv(name, value);
  return secretName;
}
