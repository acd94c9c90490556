/**
 * Certificate pinning for `wss://` gateways with self-signed certificates. Bun's WebSocket client
 * cannot inspect the peer certificate, so the certificate is fetched first over a plain TLS
 * handshake, checked against the pin, and then handed to the WebSocket as its only trusted CA: a
 * different certificate on the real connection fails verification.
 */
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import { connect, type PeerCertificate } from 'node:tls'
import { ClientError } from './client-error.ts'

/** `sha256:ab cd…`, `AB:CD:…` and `abcd…` all name the same fingerprint. */
function normalizeFingerprint(value: string): string {
  return value.trim().replace(/^sha-?256[:=]?/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase()
}

/** Returns the server's certificate (PEM) when its SHA-256 fingerprint equals `pin`. */
export async function fetchPinnedCertificate(url: string, pin: string, timeoutMs: number): Promise<string> {
  const target = new URL(url)
  if (target.protocol !== 'wss:') throw new ClientError('failed', `--tls-fingerprint needs a wss:// URL (got ${url})`)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const port = Number(target.port || 443)
  const cert = await new Promise<PeerCertificate>((resolve, reject) => {
    // Trust is decided by the pin below, not by a CA: that is the point of pinning.
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 && { servername: host }) }, () => {
      const peer = socket.getPeerCertificate()
      socket.end()
      resolve(peer)
    })
    socket.setTimeout(timeoutMs, () => {
      socket.destroy()
      reject(new ClientError('unreachable', `no TLS answer from ${host}:${port} within ${timeoutMs} ms`))
    })
    socket.once('error', (err) => reject(new ClientError('unreachable', `cannot reach ${host}:${port} over TLS: ${err.message}`)))
  })
  if (!cert.raw || normalizeFingerprint(cert.fingerprint256) !== normalizeFingerprint(pin)) {
    throw new ClientError('unauthorized', `TLS certificate of ${host}:${port} does not match the pinned fingerprint (it presented ${cert.fingerprint256})`)
  }
  return new X509Certificate(cert.raw).toString()
}
