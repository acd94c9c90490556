import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { UsageError } from '../../usage-error.ts'

export default defineCommand({
  meta: { name: 'approve', description: 'Approve a DM pairing code: the sender may talk to the agent from now on' },
  args: {
    channel: { type: 'positional', required: true, description: 'Channel id, e.g. telegram' },
    code: { type: 'positional', required: true, description: 'The 8-character code the sender was given' },
    account: { type: 'string', description: 'Account id (multi-account channels)' },
    notify: { type: 'boolean', description: 'Tell the sender they were approved' },
    ...connectionArgs,
  },
  async run({ args }) {
    if (args.account !== undefined && !args.account.trim()) throw new UsageError('--account must not be blank')
    const params = {
      channel: args.channel,
      code: args.code.trim().toUpperCase(),
      ...(args.account && { accountId: args.account }),
      ...(args.notify && { notify: true }),
    }
    const result = (await withGateway(args, (client) => client.request('pairing.approve', params))) as Record<string, string>
    if (args.json) return printJson(result)
    console.log(`Approved ${result.channel}/${result.accountId} sender ${result.senderId}.${result.notification === 'sent' ? ' They were notified.' : ''}`)
    if (result.notification === 'failed') console.log('The approval notice could not be sent.')
  },
})
