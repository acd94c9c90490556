/**
 * Who is connected, as operators see it (PROTOCOL.md §5.2). The gateway keeps its own entry; other
 * entries expire 5 minutes after their last refresh unless still connected; at most 200 are kept.
 * Every entry is bounded (each text field and list clamped), so what a client names itself cannot make
 * every later `hello-ok` and presence event large: 200 entries stay well under 1 MB.
 */
import { hostname, networkInterfaces, platform, release } from 'node:os'
import type { PresenceEntry } from '../protocol/index.ts'
import type { PresenceRegistry } from '../methods/context.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { StateVersions } from './state-versions.ts'

const ENTRY_TTL_MS = 5 * 60_000
const MAX_ENTRIES = 200
/** Characters kept of any text field (a display name, a platform string, ...). */
const MAX_PRESENCE_FIELD_CHARS = 200
/** Items kept of a list field (roles, scopes, tags). */
const MAX_PRESENCE_LIST_ITEMS = 16
const SELF_KEY = 'gateway'

export function createPresenceRegistry(opts: {
  version: string
  bootId: string
  events: EventBus
  versions: StateVersions
  isLive: (key: string) => boolean
}): PresenceRegistry & { remove(key: string): void } {
  const entries = new Map<string, PresenceEntry>()
  const ip = primaryAddress()
  const host = hostname()
  entries.set(SELF_KEY, {
    host,
    ...(ip && { ip }),
    version: opts.version,
    platform: `${platform()} ${release()}`,
    deviceFamily: platform() === 'darwin' ? 'Mac' : platform() === 'linux' ? 'Linux' : platform(),
    mode: 'gateway',
    reason: 'self',
    instanceId: opts.bootId,
    text: `Gateway: ${host}${ip ? ` (${ip})` : ''} · app ${opts.version} · mode gateway · reason self`,
    ts: Date.now(),
  })

  function prune(now: number): void {
    for (const [key, e] of entries) {
      if (key !== SELF_KEY && now - e.ts > ENTRY_TTL_MS && !opts.isLive(key)) entries.delete(key)
    }
    while (entries.size > MAX_ENTRIES) {
      const oldest = [...entries.entries()].filter(([k]) => k !== SELF_KEY).sort((a, b) => a[1].ts - b[1].ts)[0]
      if (!oldest) break
      entries.delete(oldest[0])
    }
  }

  return {
    list() {
      prune(Date.now())
      return [...entries.values()]
    },
    upsert(key, entry) {
      const now = Date.now()
      const previous = entries.get(key)
      entries.set(key, clampEntry({ ...previous, ...entry, ts: now }))
    },
    remove(key) {
      entries.delete(key)
    },
    publish() {
      opts.versions.presence++
      opts.events.broadcast('presence', { presence: this.list() }, { dropIfSlow: true, stateVersion: true })
    },
  }
}

function clampEntry(entry: PresenceEntry): PresenceEntry {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v === 'string') out[k] = v.slice(0, MAX_PRESENCE_FIELD_CHARS)
    else if (Array.isArray(v)) out[k] = v.slice(0, MAX_PRESENCE_LIST_ITEMS).map((item) => String(item).slice(0, MAX_PRESENCE_FIELD_CHARS))
    else out[k] = v
  }
  return out as PresenceEntry
}

function primaryAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return undefined
}
