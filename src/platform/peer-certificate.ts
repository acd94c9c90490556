/**
 * What certificate pinning needs, shared by every client that pins (`openclaw … --tls-fingerprint`,
 * the node host): one spelling of a fingerprint, and the certificate a server presents, fetched
 * without trusting it. Trust is the caller's decision: the pin, not a CA.
 */
import { isIP } from 'node:net'
import { connect } from 'node:tls'

/** `sha256:ab cd…`, `SHA-256=…`, `AB:CD:…` and `abcd…` all name the same fingerprint. */
export function normalizeFingerprint(value: string): string {
  return value.trim().replace(/^sha-?256[:=]?/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase()
}

export interface PeerCertificate {
  /** Normalized SHA-256 fingerprint. */
  fingerprint: string
  pem: string
}

export function fetchPeerCertificate(host: string, port: number, timeoutMs: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 && { servername: host }) }, () => {
      const cert = socket.getPeerCertificate()
      socket.end()
      if (!cert?.raw) return reject(new Error(`${host}:${port} presented no certificate`))
      const body = cert.raw.toString('base64').match(/.{1,64}/g)!.join('\n')
      resolve({ fingerprint: normalizeFingerprint(cert.fingerprint256), pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n` })
    })
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TLS answer from ${host}:${port} within ${timeoutMs} ms`)))
    socket.once('error', reject)
  })
}
