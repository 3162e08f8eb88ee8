import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a value's RFC 8785 canonical JSON: equal data, equal hash, whatever the key order. */
export function canonicalHash(value: unknown, prefix = ''): string {
  return createHash('sha256')
    .update(prefix)
    .update(canonicalize(value) ?? 'null')
    .digest('hex');
}
