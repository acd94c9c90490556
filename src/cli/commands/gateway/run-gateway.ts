/**
 * The body of `openclaw gateway run`: load the config, start the gateway, stop it on SIGTERM/SIGINT.
 * Free of citty, so the start-up fast path (cli/fast-gateway-run.ts) can call it without loading the CLI.
 */
import { ConfigError, loadConfig } from '../../../config/load-config.ts'
import { resolveConfigPath, resolveStateDir } from '../../../config/paths.ts'
import { resolveSettings, type GatewayFlags } from '../../../config/settings.ts'
import { installEscapeGuard } from '../../../gateway/escape-guard.ts'
import { GatewayLockError } from '../../../gateway/host-lock.ts'
import { GatewayStartError, startGateway } from '../../../gateway/server.ts'
import { DatabaseOpenError } from '../../../store/db.ts'
import { log } from '../../../log.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'

export async function runGateway(args: GatewayFlags & { config?: string; moveCorruptDb?: boolean }): Promise<void> {
  let gateway
  installEscapeGuard()
  try {
    const loaded = await loadConfig(resolveConfigPath(args.config))
    for (const key of loaded.unsupportedKeys) log.warn(`config: "${key}" is not supported by this gateway and is ignored`)
    const settings = resolveSettings(loaded, args, resolveStateDir())
    gateway = await startGateway({ settings, loaded, flags: args, moveCorruptDb: args.moveCorruptDb === true })
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, EXIT.config)
    // A full disk or a broken database will not mend by restarting: 78 keeps systemd from looping on it.
    if (err instanceof DatabaseOpenError) fail(err.message, EXIT.config)
    if (isDiskFull(err)) fail(`the disk holding the state directory ${resolveStateDir()} is full (${(err as Error).message}); free some space and start again`, EXIT.config)
    if (err instanceof GatewayLockError || err instanceof GatewayStartError) fail(err.message, EXIT.failed)
    throw err
  }
  const shutdown = (signal: string) => {
    log.info(`${signal}: shutting down`)
    // A hung close must not keep systemd waiting: leave within 2 s whatever happens.
    setTimeout(() => process.exit(EXIT.ok), 2000).unref()
    gateway.stop().then(() => process.exit(EXIT.ok))
  }
  // SIGHUP re-reads the config file now, whatever `gateway.reload.mode` says.
  process.on('SIGHUP', () => void gateway.runtime.services.config.reload('SIGHUP'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL'
}
