/**
 * Where a connection comes from. Only a direct peer without forwarding headers can be local: loopback,
 * or one of the host's own tailnet addresses when the operator trusts those. A loopback peer carrying
 * forwarding headers is a proxy we cannot attribute unless it is trusted.
 */
type Locality = 'direct_local' | 'remote'

export interface ClientAddress {
  ip: string
  locality: Locality
  /** A proxied request no client can be attributed to (an untrusted loopback proxy, or a trusted one
   *  naming no client or loopback): refused with 403, since it would otherwise pass as this host. */
  unattributable: boolean
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto']

/** An IPv4 address as the socket may report it (`::ffff:10.0.0.2`, IPv4-mapped IPv6) in its plain form. */
export function unmapIPv4(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

export function isLoopbackAddress(ip: string): boolean {
  const v4 = unmapIPv4(ip)
  return v4.startsWith('127.') || v4 === '::1'
}

/** The loopback exemption of the auth limiter applies to this host's own direct traffic only. */
export function isDirectLoopback(address: ClientAddress): boolean {
  return address.locality === 'direct_local' && isLoopbackAddress(address.ip)
}

/** One X-Forwarded-For entry as an address: `::ffff:` and an IPv6 literal's brackets dropped. */
function normalizeHop(hop: string): string {
  return unmapIPv4(hop.trim().replace(/^\[|\](:\d+)?$/g, ''))
}

export function resolveClientAddress(
  peerIp: string,
  headers: Headers,
  trustedProxies: readonly string[],
  ownTailnetAddresses: readonly string[] = [],
): ClientAddress {
  const peer = unmapIPv4(peerIp)
  const forwarded = FORWARDING_HEADERS.some((h) => headers.has(h))
  if (!forwarded) {
    const local = isLoopbackAddress(peer) || ownTailnetAddresses.includes(peer)
    return { ip: peer, locality: local ? 'direct_local' : 'remote', unattributable: false }
  }
  if (trustedProxies.includes(peer)) {
    // Walk X-Forwarded-For from the right, skipping our own proxies: the first other hop is the client.
    // A proxy that names no client (only `Forwarded:`, or nothing past our own hops) or names loopback
    // cannot be told apart from this host's own traffic: that request is refused, never taken as local.
    const hops = (headers.get('x-forwarded-for') ?? headers.get('x-real-ip') ?? '').split(',').map((h) => normalizeHop(h)).filter(Boolean)
    const client = hops.reverse().find((hop) => !trustedProxies.includes(hop))
    if (!client || isLoopbackAddress(client)) return { ip: peer, locality: 'remote', unattributable: true }
    return { ip: client, locality: 'remote', unattributable: false }
  }
  return { ip: peer, locality: 'remote', unattributable: isLoopbackAddress(peer) }
}
