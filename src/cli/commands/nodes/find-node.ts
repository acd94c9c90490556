/**
 * `--node <idOrNameOrIp>` as the original reads it: an exact id or IP first, then a display name,
 * then an id prefix of at least six characters; a connected node wins a tie.
 */
import type { GatewayClient } from '../../gateway-client.ts'
import { ClientError } from '../../client-error.ts'

export const nodeArg = { node: { type: 'string', required: true, valueHint: 'idOrNameOrIp', description: 'Node id, display name, IP or id prefix (6+ characters)' } } as const

interface KnownNode {
  nodeId: string
  displayName?: string
  remoteIp?: string
  connected: boolean
}

export async function findNodeId(client: GatewayClient, query: string): Promise<string> {
  const { nodes } = (await client.request('node.list')) as { nodes: KnownNode[] }
  const tiers = [
    nodes.filter((n) => n.nodeId === query || n.remoteIp === query),
    nodes.filter((n) => n.displayName === query),
    query.length >= 6 ? nodes.filter((n) => n.nodeId.startsWith(query)) : [],
  ]
  for (const tier of tiers) {
    if (tier.length === 0) continue
    const connected = tier.filter((n) => n.connected)
    const pick = connected.length > 0 ? connected : tier
    if (pick.length === 1) return pick[0]!.nodeId
    throw new ClientError('failed', `"${query}" matches ${pick.length} nodes (${pick.map((n) => n.nodeId).join(', ')}); use the exact id`)
  }
  throw new ClientError('failed', `no node matches "${query}" (see openclaw nodes list)`)
}
