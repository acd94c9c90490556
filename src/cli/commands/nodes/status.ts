import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { formatAge, renderTable } from '../../text-table.ts'

interface KnownNode {
  nodeId: string
  displayName?: string
  platform?: string
  version?: string
  caps: string[]
  approvalState: string
  connected: boolean
  lastConnectedAtMs?: number
}

export default defineCommand({
  meta: { name: 'status', description: 'Every known node, paired or not, with its connection, version and capabilities' },
  args: { connected: { type: 'boolean', description: 'Only nodes connected now' }, ...connectionArgs },
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('node.list'))) as { nodes: KnownNode[] }
    const nodes = result.nodes.filter((n) => !args.connected || n.connected)
    if (args.json) return printJson({ ...result, nodes })
    if (nodes.length === 0) return console.log('No known nodes.')
    const rows = nodes.map((n) => [
      n.nodeId, n.displayName ?? '-', n.platform ?? '-', n.version ?? '-', n.caps.join(',') || '-', n.approvalState,
      n.connected ? 'connected' : `offline (${formatAge(n.lastConnectedAtMs)})`,
    ])
    console.log(renderTable(['NODE', 'NAME', 'PLATFORM', 'VERSION', 'CAPS', 'APPROVAL', 'STATUS'], rows))
  },
})
