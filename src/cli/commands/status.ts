import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../connection-args.ts'

export default defineCommand({
  meta: { name: 'status', description: 'Show what the running gateway is doing' },
  args: connectionArgs,
  async run({ args }) {
    const status = (await withGateway(args, (client) => client.request('status'))) as Record<string, any>
    if (args.json) return printJson(status)
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`
    console.log(`Gateway ${status.runtimeVersion} · pid ${status.pid} · up ${Math.round(status.uptimeMs / 1000)} s`)
    console.log(`Listening: ${status.gateway.bind} port ${status.gateway.port} · auth ${status.gateway.authMode}`)
    console.log(`Connections: ${status.gateway.connections} · presence entries: ${status.presence.count}`)
    console.log(`Memory: ${mb(status.processMemory.rssBytes)} RSS`)
    for (const ch of status.channelSummary ?? []) console.log(`Channel ${ch.id}: ${ch.connected ? 'connected' : 'not connected'}`)
    const reload = status.configReload
    if (reload?.state === 'invalid') {
      console.log(`Config: ${reload.path} was edited but is invalid; the previous config is still running:`)
      for (const issue of reload.issues ?? []) console.log(`  - ${issue.path}: ${issue.message}`)
    }
  },
})
