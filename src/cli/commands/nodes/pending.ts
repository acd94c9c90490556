import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { renderTable } from '../../text-table.ts'
import { pendingRows, PENDING_HEADERS, type PendingNode } from './pending-table.ts'

export default defineCommand({
  meta: { name: 'pending', description: 'List pending node pairing requests' },
  args: connectionArgs,
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('node.pair.list'))) as { pending: PendingNode[] }
    if (args.json) return printJson({ pending: result.pending })
    if (result.pending.length === 0) return console.log('No pending node requests.')
    console.log(renderTable(PENDING_HEADERS, pendingRows(result.pending)))
    console.log('\nApprove one with: openclaw nodes approve <requestId>')
  },
})
