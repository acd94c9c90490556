/**
 * Every managed Signal account gets a daemon address of its own: a daemon started with `-a <number>`
 * sends from that number whatever a call asks, so two accounts on one daemon would both speak as the
 * first. An account that names no port takes the first free one from 8080 up, skipping the ports other
 * accounts name and the local ports external accounts point at (as the original's config migration
 * allocates them); two accounts that name the same address are a config error, and the later one is
 * refused at load. Pure; no I/O.
 */
import type { ResolvedAccount } from '../types.ts'
import type { SignalSettings } from './accounts.ts'

export const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_PORT = 8080
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::'])
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', ...WILDCARD_HOSTS])

const bareHost = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '')

/** The URL a bind is reached at: a wildcard bind on loopback. */
export function connectUrl(host: string, port: number): string {
  const bare = bareHost(host)
  const reach = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`
}

/** The port of a URL on this host, or undefined for another host. */
function localPort(url: string): number | undefined {
  try {
    const parsed = new URL(url)
    if (!LOOPBACK_HOSTS.has(bareHost(parsed.hostname))) return undefined
    return parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80
  } catch {
    return undefined
  }
}

const sameBind = (a: string, b: string) => a === b || WILDCARD_HOSTS.has(a) || WILDCARD_HOSTS.has(b)

/** A port the account's own config names, or where the search for a free one starts (default 8080). */
export type DaemonPort = { named: number } | { from?: number }

/** Settles each managed account's port and refuses shared ones. */
export function assignDaemonAddresses(accounts: ResolvedAccount<SignalSettings>[], ports: Map<string, DaemonPort>): ResolvedAccount<SignalSettings>[] {
  const named = (a: ResolvedAccount<SignalSettings>) => {
    const p = ports.get(a.accountId)
    return p && 'named' in p ? p.named : undefined
  }
  const reserved = new Set<number>()
  for (const a of accounts) {
    const port = a.settings.daemon ? named(a) : localPort(a.settings.baseUrl)
    if (port !== undefined) reserved.add(port)
  }
  const binds: { host: string; port: number; accountId: string; number?: string }[] = []
  const refuse = (a: ResolvedAccount<SignalSettings>, why: string) => {
    a.missing = why
    a.warnings = [...(a.warnings ?? []), `refused: ${why}`]
  }
  for (const a of accounts) {
    const daemon = a.settings.daemon
    if (!daemon) continue
    let port = named(a)
    if (port === undefined) {
      const p = ports.get(a.accountId)
      port = (p && 'from' in p && p.from) || DEFAULT_PORT
      while (reserved.has(port)) port++
      reserved.add(port)
    }
    daemon.httpPort = port
    a.settings.baseUrl ||= connectUrl(daemon.httpHost, port)
    if (a.missing || !a.enabled) continue
    const host = bareHost(daemon.httpHost)
    const owner = binds.find((b) => b.port === port && sameBind(b.host, host))
    if (!owner) binds.push({ host, port, accountId: a.accountId, number: a.settings.account })
    else refuse(a, `its signal-cli daemon address ${daemon.httpHost}:${port} is account "${owner.accountId}"'s too, and one daemon sends from one number: give each managed account its own transport.httpPort`)
  }
  // An external account pointed at another account's managed daemon would send from that number too.
  for (const a of accounts) {
    const port = a.settings.daemon || a.missing || !a.enabled ? undefined : localPort(a.settings.baseUrl)
    const owner = port === undefined ? undefined : binds.find((b) => b.port === port)
    if (owner && owner.number !== a.settings.account) refuse(a, `transport.url ${a.settings.baseUrl} is the daemon the gateway starts for account "${owner.accountId}" (${owner.number}), which sends only from that number`)
  }
  return accounts
}
