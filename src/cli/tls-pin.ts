/**
 * Certificate pinning for `wss://` gateways with self-signed certificates. Bun's WebSocket client
 * cannot inspect the peer certificate, so the certificate is fetched first over a plain TLS
 * handshake, checked against the pin, and then handed to the WebSocket as its only trusted CA: a
 * different certificate on the real connection fails verification.
 */
import { fetchPeerCertificate, normalizeFingerprint, type PeerCertificate } from '../platform/peer-certificate.ts'
import { ClientError } from './client-error.ts'

/** Returns the server's certificate (PEM) when its SHA-256 fingerprint equals `pin`. */
export async function fetchPinnedCertificate(url: string, pin: string, timeoutMs: number): Promise<string> {
  const target = new URL(url)
  if (target.protocol !== 'wss:') throw new ClientError('failed', `--tls-fingerprint needs a wss:// URL (got ${url})`)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const port = Number(target.port || 443)
  let cert: PeerCertificate
  try {
    cert = await fetchPeerCertificate(host, port, timeoutMs)
  } catch (err) {
    throw new ClientError('unreachable', `cannot reach ${host}:${port} over TLS: ${(err as Error).message}`)
  }
  if (cert.fingerprint !== normalizeFingerprint(pin)) {
    throw new ClientError('unauthorized', `TLS certificate of ${host}:${port} does not match the pinned fingerprint (it presented ${cert.fingerprint})`)
  }
  return cert.pem
}
