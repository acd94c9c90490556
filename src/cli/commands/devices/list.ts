import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { formatAge, renderTable } from '../../text-table.ts'
import { pendingRows, PENDING_HEADERS, type PendingNode } from '../nodes/pending-table.ts'
import { shortId } from './device-args.ts'

interface Listing {
  pending: Record<string, any>[]
  paired: Record<string, any>[]
}

const csv = (items: string[] | undefined) => (items?.length ? items.join(',') : '-')
const nameOf = (d: Record<string, any>) => d.operatorLabel ?? d.displayName ?? d.clientId ?? shortId(d.deviceId)

export default defineCommand({
  meta: { name: 'list', description: 'List pending pairing requests and paired devices' },
  args: connectionArgs,
  async run({ args }) {
    // Node capability requests live in their own store; show them here too so none waits unseen.
    const [listing, nodes] = (await withGateway(args, (c) => Promise.all([c.request('device.pair.list'), c.request('node.pair.list')]))) as [
      Listing,
      { pending: PendingNode[] },
    ]
    if (args.json) return printJson(listing)
    const approvedOf = new Map(listing.paired.map((d) => [d.deviceId, d]))
    console.log(`Pending requests (${listing.pending.length})`)
    if (listing.pending.length > 0) {
      const rows = listing.pending.map((p) => {
        const approved = approvedOf.get(p.deviceId)
        return [
          p.requestId, shortId(p.deviceId), nameOf(p), csv(p.roles), csv(p.scopes),
          approved ? `${csv(approved.roles)} ${csv(approved.scopes)}` : '-', p.remoteIp ?? '-', formatAge(p.ts),
        ]
      })
      console.log(renderTable(['REQUEST', 'DEVICE', 'NAME', 'ROLES', 'REQUESTED SCOPES', 'APPROVED NOW', 'IP', 'AGE'], rows))
    }
    console.log(`\nPaired devices (${listing.paired.length})`)
    if (listing.paired.length > 0) {
      const rows = listing.paired.map((d) => [
        shortId(d.deviceId), nameOf(d), csv(d.roles), csv(d.scopes), d.approvedVia ?? '-', d.remoteIp ?? '-',
        formatAge(d.lastSeenAtMs), d.connected ? 'yes' : 'no',
      ])
      console.log(renderTable(['DEVICE', 'NAME', 'ROLES', 'SCOPES', 'VIA', 'IP', 'LAST SEEN', 'ONLINE'], rows))
    }
    if (nodes.pending.length > 0) {
      console.log(`\nPending node requests (${nodes.pending.length}); approve with: openclaw nodes approve <requestId>`)
      console.log(renderTable(PENDING_HEADERS, pendingRows(nodes.pending)))
    }
  },
})
