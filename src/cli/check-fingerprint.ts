/**
 * The --tls-fingerprint check, apart from flag-checks.ts because it loads node:tls (through
 * peer-certificate.ts), which the gateway's own start-up path (run-args.ts) must not pay for.
 */
import { normalizeFingerprint } from '../platform/peer-certificate.ts'

/** A SHA-256 fingerprint in any spelling normalizeFingerprint accepts: 64 hex digits once separators go. */
export function checkFingerprint(value: string): string | undefined {
  return normalizeFingerprint(value).length === 64 ? undefined : `not a SHA-256 fingerprint (64 hex digits, e.g. AB:CD:…): ${value}`
}
