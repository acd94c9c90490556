import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'health', description: 'Ask the gateway how it is' },
  args: connectionArgs,
  async run({ args }) {
    const started = performance.now()
    const health = (await withGateway(args, (client) => client.request('health'))) as Record<string, unknown>
    if (args.json) return printJson(health)
    const ms = Math.round(performance.now() - started)
    const channels = Object.keys((health.channels as object) ?? {})
    console.log(`Gateway OK (${ms} ms)${channels.length ? ` · channels: ${channels.join(', ')}` : ''}`)
  },
})
