/**
 * Applies `openclaw.json` while the gateway runs: on a file edit (watched, debounced), on SIGHUP, and
 * after every `config.*` write. The new file is validated first; an invalid one leaves the running
 * config in force, its problems logged once and shown in `health` / `status` until the file is fixed.
 * A valid one replaces the live settings (read per turn and per message), reconciles channel accounts
 * one by one, drops clients whose shared secret changed, and tells clients with `config.changed`.
 * A change that needs a new listener (port, bind, TLS, auth mode) asks for an in-place restart.
 */
import { isDeepStrictEqual } from 'node:util'
import { configRevision, hashConfigText, readConfigFile } from '../config/config-file.ts'
import { planConfigWrite, checkBaseHash, type ConfigWriteRequest } from '../config/config-writes.ts'
import { writeFileAtomic } from '../platform/atomic-file.ts'
import type { LiveSettings } from '../config/live-settings.ts'
import { ConfigError, parseConfigText, validateConfig, type ConfigIssue, type LoadedConfig } from '../config/load-config.ts'
import { changedPaths } from '../config/merge-patch.ts'
import { reloadKindOfAll } from '../config/reload-kind.ts'
import { resolveSettings, type GatewayFlags, type GatewaySettings } from '../config/settings.ts'
import { watchConfigFile } from '../config/watch-config-file.ts'
import type { ChannelManager } from '../channels/manager.ts'
import type { ConfigControl, ConfigReloadStatus, ConfigWriteOutcome, HealthMonitor } from '../methods/context.ts'
import type { EventBus } from '../core/event-bus.ts'
import { logger } from '../log.ts'
import type { ConnectionSet } from './connection-set.ts'
import { keepListener, listenerChange } from './listener-settings.ts'

const log = logger('config')

export interface ConfigReloaderDeps {
  live: LiveSettings
  /** The config the gateway started from (undefined: read the file now). */
  loaded?: LoadedConfig
  flags: GatewayFlags
  env: Record<string, string | undefined>
  channels: ChannelManager
  connections: ConnectionSet
  events: EventBus
  health: HealthMonitor
  /** Restarts the gateway in place for a listener change; absent, the change waits for a manual restart. */
  onRestart?: (reason: string) => void
}

export function createConfigReloader(deps: ConfigReloaderDeps): ConfigControl & { close(): void } {
  const path = deps.live.current.configPath
  const initial = deps.loaded ?? { path, exists: false, config: {}, unsupportedKeys: [], hash: readConfigFile(path).hash }
  let applied = { hash: initial.hash, config: initial.config as Record<string, unknown>, revision: configRevision(initial.config), at: Date.now() }
  let refused: { hash: string; issues: ConfigIssue[] } | undefined
  let pendingRestart: string | undefined
  // Reloads and writes run one at a time: a write's hash check and its file replacement are atomic.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  async function resolve(loaded: Omit<LoadedConfig, 'hash'>): Promise<GatewaySettings> {
    return resolveSettings(loaded, deps.flags, deps.live.current.stateDir, deps.env)
  }

  /** Reads the file and applies it when it differs from what runs. */
  async function reloadFromDisk(source: string): Promise<void> {
    const file = readConfigFile(path)
    if (file.hash === applied.hash || file.hash === refused?.hash) return
    let loaded: LoadedConfig
    let next: GatewaySettings
    try {
      loaded = file.exists ? await parseConfigText(path, file.raw!, file.hash) : { path, exists: false, config: {}, unsupportedKeys: [], hash: file.hash }
      next = await resolve(loaded)
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      refused = { hash: file.hash, issues: err.issues }
      log.warn(`${source}: ${path} is invalid; the running config stays in force:\n${err.problems.map((p) => `  - ${p}`).join('\n')}`)
      deps.health.refresh()
      return
    }
    await apply(loaded, next, source)
  }

  async function apply(loaded: LoadedConfig, next: GatewaySettings, source: string): Promise<void> {
    const previous = deps.live.current
    const changed = changedPaths(applied.config, loaded.config)
    const hadIssues = refused !== undefined
    applied = { hash: loaded.hash, config: loaded.config as Record<string, unknown>, revision: configRevision(loaded.config), at: Date.now() }
    refused = undefined
    for (const key of loaded.unsupportedKeys) log.warn(`config: "${key}" is not supported by this gateway and is ignored`)
    for (const warning of next.media.warnings) log.warn(`config: ${warning}`)
    if (hadIssues) log.info(`${source}: ${path} is valid again`)
    const restartFor = listenerChange(previous, next)
    if (restartFor && deps.onRestart) {
      log.info(`${source}: ${restartFor} changed; restarting the gateway in place`)
      // After the current request's response has left: a `config.patch` that moved the port still gets its answer.
      setTimeout(() => deps.onRestart?.(restartFor), 0)
      return
    }
    if (restartFor) {
      pendingRestart = restartFor
      log.warn(`${source}: ${restartFor} changed; it takes effect when the gateway restarts`)
    }
    deps.live.replace(restartFor ? keepListener(next, previous) : next)
    if (!isDeepStrictEqual(previous.channels, next.channels)) await deps.channels.reconcile(next.channels)
    if (secretChanged(previous, next)) dropSharedSecretClients()
    if (changed.length > 0) log.info(`${source}: applied ${changed.join(', ')}`)
    deps.events.broadcast('config.changed', { path, hash: loaded.hash, ts: applied.at })
    deps.health.refresh()
  }

  /** Clients that authenticated with the old token or password must reconnect with the new one. */
  function dropSharedSecretClients(): void {
    // After the current request's response has left (a config write over such a connection answers first).
    setTimeout(() => {
      for (const target of deps.connections.all()) {
        if (target.session.authMethod === 'token' || target.session.authMethod === 'password') {
          target.close(4001, 'client invalidated: gateway credentials changed')
        }
      }
    }, 0)
  }

  async function write(req: ConfigWriteRequest): Promise<ConfigWriteOutcome> {
    return serial(async () => {
      const file = readConfigFile(path)
      checkBaseHash(file, req.baseHash)
      const plan = await planConfigWrite(file, req, async (config) => void (await resolve(await validateConfig(path, config))))
      if (plan.noop) return { noop: true, path, hash: file.hash, config: plan.config, changedPaths: [], reloadKind: 'none', applied: true }
      writeFileAtomic(path, plan.text, { keepBackup: true })
      const reloadKind = reloadKindOfAll(plan.changedPaths)
      const live = deps.live.current.reloadMode === 'hybrid'
      if (live) await reloadFromDisk(`config.${req.kind}`)
      return { noop: false, path, hash: hashConfigText(plan.text), config: plan.config, changedPaths: plan.changedPaths, reloadKind, applied: live }
    })
  }

  const watcher = deps.live.current.reloadMode === 'off'
    ? undefined
    : watchConfigFile(path, () => void serial(() => reloadFromDisk('file edit')).catch((err) => log.error(`config reload failed: ${(err as Error).message}`)))
  if (!watcher) log.info('gateway.reload.mode is "off": edits to the config file apply at the next restart')

  return {
    write,
    reload: (source = 'reload') => serial(() => reloadFromDisk(source)),
    applied: () => ({ hash: applied.hash, config: applied.config, revision: applied.revision }),
    async validate(config) {
      const loaded = await validateConfig(path, config)
      await resolve(loaded)
      return { unsupportedKeys: loaded.unsupportedKeys }
    },
    status(): ConfigReloadStatus {
      return {
        mode: deps.live.current.reloadMode,
        path,
        appliedHash: applied.hash,
        appliedAt: applied.at,
        state: refused ? 'invalid' : 'ok',
        ...(refused && { issues: refused.issues }),
        ...(pendingRestart && { pendingRestart }),
      }
    },
    close: () => watcher?.close(),
  }
}

function secretChanged(a: GatewaySettings, b: GatewaySettings): boolean {
  return a.auth.mode === b.auth.mode && (a.auth.token !== b.auth.token || a.auth.password !== b.auth.password)
}
