import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'list', description: 'List pending DM pairing requests' },
  args: {
    channel: { type: 'positional', required: false, description: 'Channel id, e.g. telegram' },
    account: { type: 'string', description: 'Only this account' },
    ...connectionArgs,
  },
  async run({ args }) {
    const params = { ...(args.channel && { channel: args.channel }), ...(args.account && { accountId: args.account }) }
    const result = (await withGateway(args, (client) => client.request('pairing.list', params))) as { requests: any[] }
    if (args.json) return printJson(result)
    if (result.requests.length === 0) return console.log('No pending pairing requests.')
    for (const r of result.requests) {
      const who = r.metadata?.username ? ` (@${r.metadata.username})` : r.metadata?.name ? ` (${r.metadata.name})` : ''
      console.log(`${r.code}  ${r.channel}/${r.accountId}  sender ${r.senderId}${who}  expires ${r.expiresAt}`)
    }
  },
})
