import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'approve', description: 'Approve a pending pairing request' },
  args: { requestId: { type: 'positional', required: true, description: 'Request id (see `openclaw devices list`)' }, ...connectionArgs },
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('device.pair.approve', { requestId: args.requestId }))) as Record<string, any>
    if (args.json) return printJson(result)
    const d = result.device
    console.log(`Approved ${d.displayName ?? d.clientId ?? 'device'} ${d.deviceId} as ${d.roles.join(', ')}${d.scopes.length ? ` (${d.scopes.join(', ')})` : ''}`)
  },
})
