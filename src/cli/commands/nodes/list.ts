import { defineCommand } from 'citty'
import { parseDuration } from '../../../config/duration.ts'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { formatAge, renderTable } from '../../text-table.ts'
import { pendingRows, PENDING_HEADERS, type PendingNode } from './pending-table.ts'

const checkDuration = (value: string) => (parseDuration(value) === undefined ? `not a duration like 30m, 24h or 7d: ${value}` : undefined)

interface KnownNode {
  nodeId: string
  displayName?: string
  platform?: string
  remoteIp?: string
  caps: string[]
  paired: boolean
  connected: boolean
  lastConnectedAtMs?: number
}

export default defineCommand({
  meta: { name: 'list', description: 'List pending and paired nodes' },
  args: {
    connected: { type: 'boolean', description: 'Only nodes connected now' },
    'last-connected': { type: 'string', valueHint: 'duration', description: 'Only nodes connected within this long (e.g. 24h)', check: checkDuration },
    ...connectionArgs,
  },
  async run({ args }) {
    const within = args['last-connected'] ? parseDuration(args['last-connected'])! : undefined
    const [known, pairing] = await withGateway(args, (c) => Promise.all([c.request('node.list'), c.request('node.pair.list')]))
    const since = within === undefined ? undefined : Date.now() - within
    const nodes = (known as { nodes: KnownNode[] }).nodes.filter(
      (n) => n.paired && (!args.connected || n.connected) && (since === undefined || n.connected || (n.lastConnectedAtMs ?? 0) >= since),
    )
    const pending = (pairing as { pending: PendingNode[] }).pending
    if (args.json) return printJson({ pending, paired: nodes })
    console.log(`Pending (${pending.length})`)
    if (pending.length > 0) console.log(renderTable(PENDING_HEADERS, pendingRows(pending)))
    console.log(`\nPaired (${nodes.length})`)
    if (nodes.length === 0) return
    const rows = nodes.map((n) => [
      n.nodeId, n.displayName ?? '-', n.platform ?? '-', n.remoteIp ?? '-', n.caps.join(',') || '-',
      n.connected ? 'connected' : 'offline', formatAge(n.lastConnectedAtMs),
    ])
    console.log(renderTable(['NODE', 'NAME', 'PLATFORM', 'IP', 'CAPS', 'STATUS', 'LAST CONNECT'], rows))
  },
})
