/**
 * Which browser pages may talk to the gateway, as the original decides it: an origin listed in
 * `gateway.controlUi.allowedOrigins` (or `*`), a page served by the gateway itself on a private host
 * (loopback for local clients, a private or link-local IP, `.local`, `.ts.net`), or a loopback page of a
 * local client. A public host name equal to the Host header is NOT enough: with DNS rebinding an
 * attacker's page controls both (`dangerouslyAllowHostHeaderOriginFallback` restores that old rule).
 */
import { isIP } from 'node:net'
import { isLoopbackAddress, unmapIPv4 } from './locality.ts'

export interface OriginPolicy {
  allowedOrigins: readonly string[]
  allowHostHeaderOriginFallback: boolean
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string }

interface ParsedOrigin {
  origin: string
  host: string
  hostname: string
}

function parseOrigin(raw: string): ParsedOrigin | null {
  const trimmed = raw.trim()
  if (!trimmed || trimmed === 'null' || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]+\/?$/i.test(trimmed)) return null
  try {
    const url = new URL(trimmed)
    if (url.username || url.password || !url.host) return null
    return { origin: `${url.protocol}//${url.host}`.toLowerCase(), host: url.host.toLowerCase(), hostname: bare(url.hostname) }
  } catch {
    return null
  }
}

const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, '')

/** The host name of a Host header (`example.com:80`, `[::1]:18789`), lower-cased, without brackets. */
function hostHeaderName(host: string): string {
  const h = host.trim().toLowerCase()
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'))
  return h.replace(/:\d*$/, '')
}

function isLoopbackHostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isLoopbackAddress(hostname)
}

/** RFC 1918, link-local, unique-local IPv6, Tailscale's CGNAT range, or loopback. */
function isPrivateAddress(ip: string): boolean {
  const v4 = unmapIPv4(ip)
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number]
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b < 128)
  }
  return ip === '::1' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip)
}

function isPrivateSameOriginHost(hostname: string, localClient: boolean): boolean {
  if (isLoopbackHostName(hostname)) return localClient
  if (isIP(hostname) !== 0) return isPrivateAddress(hostname)
  return hostname.endsWith('.local') || hostname.endsWith('.ts.net')
}

export function checkBrowserOrigin(
  policy: OriginPolicy,
  request: { origin: string; host: string | null; localClient: boolean },
): OriginVerdict {
  const origin = parseOrigin(request.origin)
  if (!origin) return { ok: false, reason: 'origin missing or invalid' }
  const allowed = new Set(policy.allowedOrigins.map((o) => o.trim().toLowerCase().replace(/\/$/, '')))
  if (allowed.has('*') || allowed.has(origin.origin)) return { ok: true }
  const host = request.host?.trim().toLowerCase()
  if (host && origin.host === host) {
    if (policy.allowHostHeaderOriginFallback) return { ok: true }
    if (isPrivateSameOriginHost(hostHeaderName(host), request.localClient)) return { ok: true }
  }
  if (request.localClient && isLoopbackHostName(origin.hostname)) return { ok: true }
  return { ok: false, reason: 'origin not allowed' }
}

/**
 * DNS rebinding on plain HTTP: a gateway bound only to loopback answers only loopback Host names (and
 * the hosts of explicitly allowed origins). Behind a trusted proxy the Host is the proxy's to choose.
 */
export function isHostAllowed(
  policy: OriginPolicy & { bindHost: string; behindProxy: boolean },
  hostHeader: string | null,
): boolean {
  if (!isLoopbackHostName(bare(policy.bindHost)) || policy.behindProxy || policy.allowHostHeaderOriginFallback) return true
  if (!hostHeader) return true // HTTP/1.0 without Host: not a browser
  const name = hostHeaderName(hostHeader)
  if (isLoopbackHostName(name)) return true
  return policy.allowedOrigins.some((o) => o.trim() === '*' || parseOrigin(o)?.hostname === name)
}
