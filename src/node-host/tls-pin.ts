/**
 * Certificate pinning for `--tls-fingerprint` (SHA-256 of the gateway's certificate). The certificate
 * is fetched and compared first; the WebSocket then trusts exactly that certificate, and checks its
 * fingerprint again on the connection it actually uses, so a swapped certificate cannot slip in between.
 */
import { connect } from 'node:tls'
import { isIP } from 'node:net'
import type { TLSOptions } from 'bun'

const normalizeFingerprint = (fp: string) => fp.trim().toLowerCase().replace(/^sha256:/, '').replace(/[^0-9a-f]/g, '')

function fetchCertificate(host: string, port: number): Promise<{ fingerprint: string; pem: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 && { servername: host }) }, () => {
      const cert = socket.getPeerCertificate()
      socket.end()
      if (!cert?.raw) return reject(new Error('the gateway presented no certificate'))
      const body = cert.raw.toString('base64').match(/.{1,64}/g)!.join('\n')
      resolve({ fingerprint: normalizeFingerprint(cert.fingerprint256), pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n` })
    })
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')))
    socket.once('error', reject)
  })
}

export async function pinnedTls(host: string, port: number, fingerprint: string): Promise<TLSOptions> {
  const expected = normalizeFingerprint(fingerprint)
  const cert = await fetchCertificate(host, port)
  if (cert.fingerprint !== expected) throw new Error(`gateway certificate fingerprint ${cert.fingerprint} does not match the pinned ${expected}`)
  return {
    ca: cert.pem,
    // Replaces the host-name check: the pin, not the name, identifies the gateway.
    checkServerIdentity: (_host: string, peer: { fingerprint256: string }) =>
      normalizeFingerprint(peer.fingerprint256) === expected ? undefined : new Error('gateway certificate fingerprint changed'),
  } as TLSOptions
}
