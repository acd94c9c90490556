/**
 * Certificate pinning for `--tls-fingerprint` (SHA-256 of the gateway's certificate). The certificate
 * is fetched and compared first; the WebSocket then trusts exactly that certificate, and checks its
 * fingerprint again on the connection it actually uses, so a swapped certificate cannot slip in between.
 */
import type { TLSOptions } from 'bun'
import { fetchPeerCertificate, normalizeFingerprint } from '../platform/peer-certificate.ts'

export async function pinnedTls(host: string, port: number, fingerprint: string): Promise<TLSOptions> {
  const expected = normalizeFingerprint(fingerprint)
  const cert = await fetchPeerCertificate(host, port, 10_000)
  if (cert.fingerprint !== expected) throw new Error(`gateway certificate fingerprint ${cert.fingerprint} does not match the pinned ${expected}`)
  return {
    ca: cert.pem,
    // Replaces the host-name check: the pin, not the name, identifies the gateway.
    checkServerIdentity: (_host: string, peer: { fingerprint256: string }) =>
      normalizeFingerprint(peer.fingerprint256) === expected ? undefined : new Error('gateway certificate fingerprint changed'),
  } as TLSOptions
}
