import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { formatAge } from '../../text-table.ts'
import { findNodeId, nodeArg } from './find-node.ts'

export default defineCommand({
  meta: { name: 'describe', description: "One node's capabilities, commands and permissions" },
  args: { ...nodeArg, ...connectionArgs },
  async run({ args }) {
    const node = (await withGateway(args, async (c) => c.request('node.describe', { nodeId: await findNodeId(c, args.node) }))) as Record<string, any>
    if (args.json) return printJson(node)
    const list = (items: string[] | undefined) => (items?.length ? items.join(', ') : '-')
    const permissions = Object.entries((node.permissions ?? {}) as Record<string, boolean>).map(([k, v]) => `${k}=${v ? 'yes' : 'no'}`)
    const rows: [string, string][] = [
      ['Node', node.nodeId], ['Name', node.displayName ?? '-'], ['Platform', [node.platform, node.deviceFamily].filter(Boolean).join(' / ') || '-'],
      ['Version', node.version ?? '-'], ['Status', node.connected ? 'connected' : `offline (last connected ${formatAge(node.lastConnectedAtMs)})`],
      ['Approval', node.approvalState + (node.pendingRequestId ? ` (request ${node.pendingRequestId})` : '')],
      ['Caps', list(node.caps)], ['Commands', list(node.commands)], ['Permissions', list(permissions)],
    ]
    if (node.pendingDeclaredCommands) rows.push(['Pending commands', list(node.pendingDeclaredCommands)])
    const width = Math.max(...rows.map(([k]) => k.length))
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`)
  },
})
