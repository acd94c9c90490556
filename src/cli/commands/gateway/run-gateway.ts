/**
 * The body of `openclaw gateway run`: load the config, start the gateway, restart it in place when a
 * config edit needs a new listener, reload on SIGHUP, stop it on SIGTERM/SIGINT.
 * Free of citty, so the start-up fast path (cli/fast-gateway-run.ts) can call it without loading the CLI.
 */
import { ConfigError, loadConfig } from '../../../config/load-config.ts'
import { resolveConfigPath, resolveStateDir } from '../../../config/paths.ts'
import { resolveSettings, type GatewayFlags, type GatewaySettings } from '../../../config/settings.ts'
import { installEscapeGuard } from '../../../gateway/escape-guard.ts'
import { GatewayLockError } from '../../../gateway/host-lock.ts'
import { keepListener } from '../../../gateway/listener-settings.ts'
import { GatewayStartError, startGateway, type RunningGateway } from '../../../gateway/server.ts'
import { DatabaseOpenError } from '../../../store/db.ts'
import { log } from '../../../log.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'

/** What `shutdown` tells clients about an in-place restart: start-up takes tens of milliseconds. */
const RESTART_EXPECTED_MS = 500

export async function runGateway(args: GatewayFlags & { config?: string; moveCorruptDb?: boolean }): Promise<void> {
  installEscapeGuard()
  let gateway: RunningGateway
  try {
    gateway = await start()
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, EXIT.config)
    // A full disk or a broken database will not mend by restarting: 78 keeps systemd from looping on it.
    if (err instanceof DatabaseOpenError) fail(err.message, EXIT.config)
    if (isDiskFull(err)) fail(`the disk holding the state directory ${resolveStateDir()} is full (${(err as Error).message}); free some space and start again`, EXIT.config)
    if (err instanceof GatewayLockError || err instanceof GatewayStartError) fail(err.message, EXIT.failed)
    log.debug(err)
    fail(`the gateway failed to start: ${(err as Error).message}`, EXIT.failed)
  }

  async function start(previous?: GatewaySettings): Promise<RunningGateway> {
    const loaded = await loadConfig(resolveConfigPath(args.config))
    // A file named on the command line must exist: starting on defaults instead would hide the typo.
    if (args.config && !loaded.exists) throw new ConfigError(loaded.path, ['no such file (given with --config)'])
    for (const key of loaded.unsupportedKeys) log.warn(`config: "${key}" is not supported by this gateway and is ignored`)
    const settings = resolveSettings(loaded, args, resolveStateDir())
    for (const warning of settings.media.warnings) log.warn(`config: ${warning}`)
    const onRestart = (reason: string) => void restart(reason)
    try {
      return await startGateway({ settings, loaded, flags: args, onRestart, moveCorruptDb: args.moveCorruptDb === true })
    } catch (err) {
      // The new listener could not start (port taken…): keep serving as before; the file still says otherwise.
      if (!previous || !(err instanceof GatewayStartError)) throw err
      log.error(`restart with the new config failed (${err.message}); restarting with the previous listener`)
      return startGateway({ settings: keepListener(settings, previous), loaded, flags: args, onRestart })
    }
  }

  // A config edit that needs a new listener (port, bind, TLS, auth mode): stop and start again in this
  // process. Clients get `shutdown` with `restartExpectedMs`, then close 1012, and reconnect.
  let restarting = false
  async function restart(reason: string): Promise<void> {
    if (restarting) return
    restarting = true
    const previous = gateway.runtime.services.settings
    await gateway.stop(`config change: ${reason}`, RESTART_EXPECTED_MS)
    try {
      gateway = await start(previous)
    } catch (err) {
      log.error(`restart failed: ${(err as Error).message}`)
      process.exit(err instanceof ConfigError ? EXIT.config : EXIT.failed)
    }
    restarting = false
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
