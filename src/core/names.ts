import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { fail } from './errors';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Longest Kubernetes name that is a DNS label (namespaces, services, label values). */
export const MAX_LABEL_LENGTH = 63;

/**
 * Validates a DNS-1123 label (namespaces, most object names): lower-case alphanumerics and `-`,
 * starting and ending alphanumeric, at most 63 characters.
 */
export function validateDnsLabel(scope: IConstruct, property: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_LENGTH || !DNS_1123_LABEL.test(value)) {
    fail(scope, property, value, 'not a valid DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      `use a name such as ${JSON.stringify(suggestName(value))}`);
  }
  return value;
}

/**
 * Validates a DNS-1035 label (Service names): like DNS-1123 but must start with a letter.
 */
export function validateServiceName(scope: IConstruct, property: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_LENGTH || !DNS_1035_LABEL.test(value)) {
    fail(scope, property, value, 'not a valid Kubernetes Service name (DNS-1035 label: lower-case letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters)',
      `use a name such as ${JSON.stringify(suggestName(value, true))}, or set the "name" property`);
  }
  return value;
}

/** A best-effort valid name derived from a bad one, for error messages. */
function suggestName(value: unknown, letterFirst = false): string {
  let s = String(value ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (letterFirst) s = s.replace(/^[^a-z]+/, '');
  s = s.slice(0, MAX_LABEL_LENGTH).replace(/-+$/, '');
  return s || 'my-service';
}

/** A short, stable hash of the given parts (hex). */
export function stableHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * Returns `name` unchanged when it fits in `max` characters; otherwise a prefix of it followed by
 * `-` and eight hex characters of a stable hash of the whole name, so distinct long names stay
 * distinct and the same name always shortens the same way.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = stableHash(name).slice(0, 8);
  const prefix = name.slice(0, max - hash.length - 1).replace(/[-_.]+$/, '');
  return `${prefix}-${hash}`;
}
