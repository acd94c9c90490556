/**
 * The gateway's effective settings. Precedence, highest first:
 *   command-line flag > environment variable > config file > built-in default.
 */
import { networkInterfaces } from 'node:os'
import { DEFAULT_PORT } from '../protocol/index.ts'
import { ConfigError, type LoadedConfig } from './load-config.ts'
import { resolveAgentSettings, type AgentSettings } from './agent-settings.ts'
import type { ChannelsConfig } from './channels-schema.ts'
import { resolveMediaSettings, type MediaSettings } from './media-settings.ts'
import { join } from 'node:path'
import { expandHome } from './paths.ts'
import type { BindMode, GatewayTlsConfig, MessagesConfig } from './schema.ts'

type AuthMode = 'none' | 'token' | 'password'

export interface GatewayFlags {
  port?: string | number
  bind?: string
  host?: string
  token?: string
  password?: string
  auth?: string
  tlsCert?: string
  tlsKey?: string
}

/** Where the listener's certificate and key live; `autoGenerate` makes a self-signed pair when both are missing. */
export interface TlsSettings {
  certPath: string
  keyPath: string
  autoGenerate: boolean
}

export interface GatewaySettings {
  port: number
  bindMode: BindMode
  host: string
  auth: { mode: AuthMode; token?: string; password?: string }
  rateLimit: { maxAttempts: number; windowMs: number; lockoutMs: number; exemptLoopback: boolean }
  trustedProxies: string[]
  /**
   * `gateway.controlUi`: which browser origins may connect (auth/origin-check.ts), and the Control UI
   * build in `root` served under `basePath` ('' = the port's root).
   */
  controlUi: { allowedOrigins: string[]; allowHostHeaderOriginFallback: boolean; enabled: boolean; basePath: string; root?: string }
  autoApproveLocal: boolean
  /** `gateway.nodes.commands`: opt-in (allow) and always-refused (deny) node command ids. */
  nodeCommands: { allow: string[]; deny: string[] }
  /** The host's own tailnet addresses when `gateway.pairing.trustOwnTailnet` is on: peers there count as local. */
  ownTailnetAddresses: string[]
  tls?: TlsSettings
  /** `gateway.reload.mode`: `hybrid` applies file edits while running (restarting in place when needed), `off` ignores them. */
  reloadMode: 'hybrid' | 'off'
  stateDir: string
  configPath: string
  /** Model providers, default model, heartbeat, cron and session scope (config/agent-settings.ts). */
  agent: AgentSettings
  /** `tools.media`: how voice notes are transcribed (config/media-settings.ts). */
  media: MediaSettings
  /** `channels.*` as written; each provider resolves its accounts (and env fallbacks) from it. */
  channels: ChannelsConfig
  /** `messages.*` as written (ack reactions, group history default); the channels read it at each message. */
  messages: MessagesConfig
}

const BIND_MODES: BindMode[] = ['auto', 'loopback', 'lan', 'tailnet', 'custom']

export function resolveSettings(
  loaded: Omit<LoadedConfig, 'hash'>,
  flags: GatewayFlags,
  stateDir: string,
  env: Record<string, string | undefined> = process.env,
): GatewaySettings {
  const file = loaded.config.gateway ?? {}
  const problems: string[] = []

  const port = Number(flags.port ?? env.OPENCLAW_GATEWAY_PORT ?? file.port ?? DEFAULT_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port: not a TCP port: ${flags.port ?? env.OPENCLAW_GATEWAY_PORT}`)

  const bindMode = (flags.bind ?? file.bind ?? 'loopback') as BindMode
  if (!BIND_MODES.includes(bindMode)) problems.push(`bind: must be one of ${BIND_MODES.join(', ')} (got "${bindMode}")`)
  const host = flags.host ?? bindHost(bindMode, file.customBindHost)

  const token = flags.token ?? env.OPENCLAW_GATEWAY_TOKEN ?? file.auth?.token
  const password = flags.password ?? env.OPENCLAW_GATEWAY_PASSWORD ?? file.auth?.password
  const requested = flags.auth ?? file.auth?.mode
  if (requested === 'trusted-proxy') problems.push('auth.mode: trusted-proxy is not supported by this gateway')
  else if (requested && !['none', 'token', 'password'].includes(requested)) problems.push(`auth: unknown mode "${requested}"`)
  const mode: AuthMode = (requested as AuthMode | undefined) ?? (password && !token ? 'password' : 'token')
  if (mode === 'token' && !token) {
    problems.push('auth: no gateway token; pass --token, set OPENCLAW_GATEWAY_TOKEN or gateway.auth.token (or --auth none to trust loopback clients)')
  }
  if (mode === 'password' && !password) problems.push('auth: mode is password but no password is set (--password, OPENCLAW_GATEWAY_PASSWORD or gateway.auth.password)')
  if (mode === 'none' && !isLoopbackHost(host)) problems.push(`auth: mode none is refused when binding beyond loopback (${host})`)
  // As the original: a host whose config says `remote` uses a gateway elsewhere (gateway.remote.url) and runs none.
  if (file.mode === 'remote') problems.push('mode: "remote" means this host uses the gateway at gateway.remote.url; set gateway.mode to "local" to run one here')
  const tls = resolveTls(flags, file.tls, stateDir, problems)
  const agent = resolveAgentSettings(loaded.config, env)
  const media = resolveMediaSettings(loaded.config, agent.providers, env, problems)
  if (problems.length > 0) throw new ConfigError(loaded.path, problems, loaded.exists)

  const rl = file.auth?.rateLimit ?? {}
  return {
    port,
    bindMode,
    host,
    auth: { mode, token: mode === 'token' ? token : undefined, password: mode === 'password' ? password : undefined },
    rateLimit: {
      maxAttempts: rl.maxAttempts ?? 10,
      windowMs: rl.windowMs ?? 60_000,
      lockoutMs: rl.lockoutMs ?? 300_000,
      exemptLoopback: rl.exemptLoopback ?? true,
    },
    trustedProxies: file.trustedProxies ?? [],
    controlUi: {
      allowedOrigins: file.controlUi?.allowedOrigins ?? [],
      allowHostHeaderOriginFallback: file.controlUi?.dangerouslyAllowHostHeaderOriginFallback ?? false,
      enabled: file.controlUi?.enabled !== false,
      basePath: (file.controlUi?.basePath ?? '').replace(/\/+$/, ''),
      ...(file.controlUi?.root && { root: expandHome(file.controlUi.root) }),
    },
    autoApproveLocal: file.nodes?.pairing?.autoApproveLocal ?? true,
    nodeCommands: { allow: file.nodes?.commands?.allow ?? [], deny: file.nodes?.commands?.deny ?? [] },
    ownTailnetAddresses: file.pairing?.trustOwnTailnet ? [findTailnetAddress()].filter((a): a is string => a !== undefined) : [],
    ...(tls && { tls }),
    reloadMode: file.reload?.mode ?? 'hybrid',
    stateDir,
    configPath: loaded.path,
    agent,
    media,
    channels: loaded.config.channels ?? {},
    messages: loaded.config.messages ?? {},
  }
}

/** Flags win over `gateway.tls`; TLS is on when either names a certificate or the file enables it. */
function resolveTls(flags: GatewayFlags, file: GatewayTlsConfig | undefined, stateDir: string, problems: string[]): TlsSettings | undefined {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    problems.push('tls: --tls-cert and --tls-key go together')
    return undefined
  }
  if (flags.tlsCert && flags.tlsKey) return { certPath: expandHome(flags.tlsCert), keyPath: expandHome(flags.tlsKey), autoGenerate: false }
  if (!file?.enabled) return undefined
  return {
    certPath: expandHome(file.certPath ?? join(stateDir, 'tls', 'gateway-cert.pem')),
    keyPath: expandHome(file.keyPath ?? join(stateDir, 'tls', 'gateway-key.pem')),
    autoGenerate: file.autoGenerate ?? true,
  }
}

function bindHost(mode: BindMode, custom: string | undefined): string {
  if (mode === 'lan') return '0.0.0.0'
  if (mode === 'custom') return custom ?? '0.0.0.0'
  if (mode === 'tailnet') return findTailnetAddress() ?? '127.0.0.1'
  return '127.0.0.1'
}

/** The host's own Tailscale address (100.64.0.0/10), if it has one. */
function findTailnetAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4') continue
      const [first, second] = a.address.split('.').map(Number)
      if (first === 100 && second! >= 64 && second! < 128) return a.address
    }
  }
  return undefined
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

/** https, or plain http to this host only: what a URL carrying a key or a user's data may be. */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')))
}
