/**
 * Signal accounts from `channels.signal`. Each account talks to a signal-cli JSON-RPC HTTP daemon: one
 * the gateway starts and supervises (`transport.kind: "managed-native"`, the default) or one already
 * running (`"external-native"` at `transport.url`). Configs written before `transport` existed use
 * flat keys (`httpUrl`, `httpHost`, `httpPort`, `cliPath`, `autoStart`…); they are read the way the
 * original's migration reads them. Pure; no I/O.
 */
import type { ChannelsConfig, SignalAccountConfig } from '../../config/channels-schema.ts'
import { resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'

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
}

const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_PORT = 8080
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000

type Transport = NonNullable<SignalAccountConfig['transport']>

/** A wildcard bind is reached on loopback. */
function connectUrl(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '')
  const reach = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`
}

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
  if (!autoStart) return { kind: 'external-native', url: a.httpUrl ?? connectUrl(a.httpHost ?? DEFAULT_HOST, a.httpPort ?? DEFAULT_PORT) }
  const { cliPath, configPath, httpHost, httpPort, startupTimeoutMs, receiveMode, ignoreStories } = a
  return { kind: 'managed-native', url: a.httpUrl, cliPath, configPath, httpHost, httpPort, startupTimeoutMs, receiveMode, ignoreStories }
}

export function resolveSignalAccounts(channels: ChannelsConfig): ResolvedAccount<SignalSettings>[] {
  const block = channels.signal
  return resolveAccounts<SignalAccountConfig, SignalSettings>('signal', block, (a, accountId) => {
    // A named account owns its transport; only the implicit default account uses the root's.
    const own = block?.accounts?.[accountId]
    const transport = (own ? own.transport : block?.transport) ?? legacyTransport(a)
    const ignoreAttachments = a.ignoreAttachments ?? false
    const settings: SignalSettings = {
      account: a.account, accountUuid: a.accountUuid, sendReadReceipts: a.sendReadReceipts ?? false, ignoreAttachments, baseUrl: '',
    }
    let missing: string | undefined
    if (transport.kind === 'external-native') {
      settings.baseUrl = (transport.url && normalizeUrl(transport.url)) ?? ''
      if (!transport.url) missing = 'an external-native transport needs transport.url (the signal-cli daemon, e.g. http://127.0.0.1:8080)'
      else if (!settings.baseUrl) missing = `transport.url is not an http(s) URL without credentials: ${transport.url}`
    } else {
      const httpHost = transport.httpHost ?? DEFAULT_HOST
      const httpPort = transport.httpPort ?? DEFAULT_PORT
      settings.baseUrl = (transport.url ? normalizeUrl(transport.url) : connectUrl(httpHost, httpPort)) ?? ''
      settings.daemon = {
        cliPath: transport.cliPath ?? 'signal-cli', configPath: transport.configPath, httpHost, httpPort,
        startupTimeoutMs: transport.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
        receiveMode: transport.receiveMode, ignoreStories: transport.ignoreStories, ignoreAttachments,
      }
      if (!a.account) missing = 'the gateway starts signal-cli for one number: set channels.signal.account (E.164, e.g. +15551234567)'
      else if (!settings.baseUrl) missing = `transport.url is not an http(s) URL without credentials: ${transport.url}`
    }
    return { settings, missing, groups: a.groups }
  })
}
