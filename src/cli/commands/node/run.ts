import { defineCommand } from 'citty'
import { resolveStateDir } from '../../../config/paths.ts'
import { DEFAULT_PORT } from '../../../protocol/index.ts'
import { loadNodeHostConfig } from '../../../node-host/config.ts'
import { loadDeviceToken, loadOrCreateIdentity } from '../../../node-host/identity.ts'
import { defaultDisplayName, startNodeClient } from '../../../node-host/node-client.ts'
import { nodeTransport } from '../../../node-host/transport.ts'
import { log } from '../../../log.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'
import { nodeRunArgs } from './run-args.ts'

export default defineCommand({
  meta: { name: 'run', description: 'Connect to a gateway as a node and serve its invokes until stopped' },
  args: nodeRunArgs,
  run({ args }) {
    const host = args.host ?? '127.0.0.1'
    const port = Number(args.port ?? DEFAULT_PORT)
    const fingerprint = args['tls-fingerprint']
    const secure = Boolean(args.tls || fingerprint)
    const stateDir = resolveStateDir()
    let settings
    try {
      settings = loadNodeHostConfig(stateDir)
    } catch (err) {
      return fail((err as Error).message, EXIT.config)
    }
    const identity = loadOrCreateIdentity(stateDir)
    const gatewayToken = args.token ?? process.env.OPENCLAW_GATEWAY_TOKEN
    const transport = nodeTransport({ host, port, secure, fingerprint, token: () => loadDeviceToken(stateDir, identity.deviceId) ?? gatewayToken })
    const client = startNodeClient({
      url: transport.url,
      gatewayToken,
      stateDir,
      identity,
      displayName: args['display-name'] ?? settings.displayName ?? defaultDisplayName(),
      tls: transport.tls,
      context: { settings, canvas: transport.canvas },
    })
    log.info(`node ${client.nodeId} starting (state ${stateDir}; system.run allowlist: ${settings.systemRun.allow.join(', ') || 'empty'})`)
    const stop = (signal: string) => {
      log.info(`${signal}: stopping`)
      client.stop()
      setTimeout(() => process.exit(EXIT.ok), 100).unref()
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  },
})
