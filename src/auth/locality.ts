/**
 * Where a connection comes from. Only a direct peer without forwarding headers can be local: loopback,
 * or one of the host's own tailnet addresses when the operator trusts those. A loopback peer carrying
 * forwarding headers is a proxy we cannot attribute unless it is trusted.
 */
type Locality = 'direct_local' | 'remote'

export interface ClientAddress {
  ip: string
  locality: Locality
  /** Forwarding headers from a peer that is not a trusted proxy, on loopback: refuse the socket. */
  unattributable: boolean
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto']

export function isLoopbackAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  return v4.startsWith('127.') || v4 === '::1'
}

export function resolveClientAddress(
  peerIp: string,
  headers: Headers,
  trustedProxies: readonly string[],
  ownTailnetAddresses: readonly string[] = [],
): ClientAddress {
  const peer = peerIp.startsWith('::ffff:') ? peerIp.slice(7) : peerIp
  const forwarded = FORWARDING_HEADERS.some((h) => headers.has(h))
  if (!forwarded) {
    const local = isLoopbackAddress(peer) || ownTailnetAddresses.includes(peer)
    return { ip: peer, locality: local ? 'direct_local' : 'remote', unattributable: false }
  }
  if (trustedProxies.includes(peer)) {
    // Walk X-Forwarded-For from the right, skipping our own proxies: the first other hop is the client.
    const hops = (headers.get('x-forwarded-for') ?? headers.get('x-real-ip') ?? '').split(',').map((h) => h.trim()).filter(Boolean)
    const client = hops.reverse().find((hop) => !trustedProxies.includes(hop)) ?? peer
    return { ip: client, locality: 'remote', unattributable: false }
  }
  return { ip: peer, locality: 'remote', unattributable: isLoopbackAddress(peer) }
}
