/**
 * Signal accounts from `channels.signal`. Each account talks to a signal-cli JSON-RPC HTTP daemon: one
 * the gateway starts and supervises (`transport.kind: "managed-native"`, the default) or one already
 * running (`"external-native"` at `transport.url`). Configs written before `transport` existed use
 * flat keys (`httpUrl`, `httpHost`, `httpPort`, `cliPath`, `autoStart`…); they are read the way the
 * original's migration reads them. Each managed account's daemon has an address of its own (daemon-
 * address.ts); keys that do nothing for the account's transport are warned about. Pure; no I/O.
 */
import { join } from 'node:path'
import type { ChannelsConfig, SignalAccountConfig } from '../../config/channels-schema.ts'
import { expandHome } from '../../config/paths.ts'
import { resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'
import { assignDaemonAddresses, connectUrl, DEFAULT_HOST, type DaemonPort } from './daemon-address.ts'

export interface SignalDaemonSettings {
  cliPath: string
  configPath?: string
  httpHost: string
  httpPort: number
  startupTimeoutMs: number
  receiveMode?: 'on-start' | 'manual'
  ignoreStories?: boolean
  ignoreAttachments?: boolean
}

export interface SignalSettings {
  /** The bot's number (E.164); also how a multi-account daemon picks the account. */
  account?: string
  accountUuid?: string
  /** Where `/api/v1/rpc`, `/api/v1/events` and `/api/v1/check` live. */
  baseUrl: string
  /** Set when the gateway starts the daemon itself. */
  daemon?: SignalDaemonSettings
  sendReadReceipts: boolean
  ignoreAttachments: boolean
  /**
   * Where signal-cli stores received attachments (`<data dir>/attachments`, the data dir being the
   * managed daemon's `configPath`, else signal-cli's default): inbound files are read only inside it.
   */
  attachmentsDir: string
}

const DEFAULT_STARTUP_TIMEOUT_MS = 30_000
// What only a daemon the gateway starts can use; an external daemon was started with its own.
const MANAGED_ONLY = ['cliPath', 'configPath', 'httpHost', 'httpPort', 'startupTimeoutMs', 'receiveMode', 'ignoreStories'] as const
const FLAT_TRANSPORT_KEYS = ['httpUrl', 'autoStart', ...MANAGED_ONLY] as const

type Transport = NonNullable<SignalAccountConfig['transport']>

function normalizeUrl(raw: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`)
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
  } catch {
    return undefined
  }
}

/** The flat keys of earlier configs as a transport: auto-start unless only a URL is given. */
function legacyTransport(a: SignalAccountConfig): Transport {
  const autoStart = a.autoStart ?? !a.httpUrl
  if (!autoStart) return { kind: 'external-native', url: a.httpUrl ?? connectUrl(a.httpHost ?? DEFAULT_HOST, a.httpPort ?? 8080) }
  const { cliPath, configPath, httpHost, httpPort, startupTimeoutMs, receiveMode, ignoreStories } = a
  return { kind: 'managed-native', url: a.httpUrl, cliPath, configPath, httpHost, httpPort, startupTimeoutMs, receiveMode, ignoreStories }
}

/** Keys the account sets that its transport never reads. */
function unusedKeys(entry: SignalAccountConfig, transport: Transport): string[] {
  const out: string[] = []
  if (entry.transport) {
    for (const key of FLAT_TRANSPORT_KEYS) if (entry[key] !== undefined) out.push(`"${key}" is ignored: "transport" is set, and it takes the place of the flat transport keys`)
  }
  if (transport.kind === 'external-native') {
    const keys = entry.transport ? MANAGED_ONLY.filter((k) => transport[k] !== undefined) : MANAGED_ONLY.filter((k) => entry[k] !== undefined && k !== 'httpHost' && k !== 'httpPort')
    for (const key of keys) out.push(`"${key}" is ignored: it applies to a daemon the gateway starts (managed-native), not to the external one at ${transport.url ?? 'transport.url'}`)
  }
  return out
}

/** signal-cli's own default data dir: `$XDG_DATA_HOME/signal-cli`, else `~/.local/share/signal-cli`. */
function defaultDataDir(env: Record<string, string | undefined>): string {
  return env.XDG_DATA_HOME ? join(expandHome(env.XDG_DATA_HOME, env), 'signal-cli') : expandHome('~/.local/share/signal-cli', env)
}

export function resolveSignalAccounts(channels: ChannelsConfig, env: Record<string, string | undefined> = {}): ResolvedAccount<SignalSettings>[] {
  const block = channels.signal
  const ports = new Map<string, DaemonPort>()
  const accounts = resolveAccounts<SignalAccountConfig, SignalSettings>('signal', block, (a, accountId) => {
    // A named account owns its transport; only the implicit default account uses the root's.
    const own = block?.accounts?.[accountId]
    const entry = (own ?? block)!
    const transport = entry.transport ?? legacyTransport(a)
    const ignoreAttachments = a.ignoreAttachments ?? false
    const settings: SignalSettings = {
      account: a.account, accountUuid: a.accountUuid, sendReadReceipts: a.sendReadReceipts ?? false, ignoreAttachments, baseUrl: '',
      attachmentsDir: join(transport.kind !== 'external-native' && transport.configPath ? expandHome(transport.configPath, env) : defaultDataDir(env), 'attachments'),
    }
    let missing: string | undefined
    if (transport.kind === 'external-native') {
      settings.baseUrl = (transport.url && normalizeUrl(transport.url)) ?? ''
      if (!transport.url) missing = 'an external-native transport needs transport.url (the signal-cli daemon, e.g. http://127.0.0.1:8080)'
      else if (!settings.baseUrl) missing = `transport.url is not an http(s) URL without credentials: ${transport.url}`
    } else {
      // The port is settled by assignDaemonAddresses, once every account is known. A flat httpPort a
      // named account inherits from the root is where its search for a free port starts.
      const ownPort = entry.transport ? transport.httpPort : entry.httpPort
      ports.set(accountId, ownPort !== undefined ? { named: ownPort } : { from: transport.httpPort })
      const url = transport.url ? normalizeUrl(transport.url) : undefined
      settings.baseUrl = url ?? ''
      settings.daemon = {
        cliPath: transport.cliPath ?? 'signal-cli', configPath: transport.configPath, httpHost: transport.httpHost ?? DEFAULT_HOST, httpPort: 0,
        startupTimeoutMs: transport.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
        receiveMode: transport.receiveMode, ignoreStories: transport.ignoreStories, ignoreAttachments,
      }
      if (!a.account) missing = 'the gateway starts signal-cli for one number: set channels.signal.account (E.164, e.g. +15551234567)'
      else if (transport.url && !url) missing = `transport.url is not an http(s) URL without credentials: ${transport.url}`
    }
    return { settings, missing, groups: a.groups, warnings: unusedKeys(entry, transport) }
  })
  return assignDaemonAddresses(accounts, ports)
}
