/**
 * What a change at a config path needs, by the longest matching prefix (as the original plans reloads,
 * docs/gateway/configuration/hot-reload.md): `restart` = a new listener (the gateway restarts itself
 * in place under `gateway.reload.mode: "hybrid"`), `hot` = applied in place by the owning service,
 * `none` = nothing to do (read at next use, or a key this gateway does not act on).
 */
export type ReloadKind = 'restart' | 'hot' | 'none'

const RULES: [prefix: string, kind: ReloadKind][] = [
  ['gateway', 'restart'],
  ['gateway.mode', 'none'],
  ['gateway.reload', 'none'],
  ['gateway.remote', 'none'],
  ['gateway.auth.token', 'hot'],
  ['gateway.auth.password', 'hot'],
  ['gateway.auth.rateLimit', 'hot'],
  ['gateway.trustedProxies', 'hot'],
  ['gateway.controlUi', 'hot'],
  ['gateway.nodes', 'hot'],
  ['gateway.pairing', 'hot'],
  ['channels', 'hot'],
  ['models', 'hot'],
  ['agents', 'hot'],
  ['cron', 'hot'],
  ['session', 'hot'],
]

/** @example reloadKindOf('gateway.port') === 'restart'; reloadKindOf('channels.slack.botToken') === 'hot' */
export function reloadKindOf(path: string): ReloadKind {
  let best: [string, ReloadKind] | undefined
  for (const rule of RULES) {
    const [prefix] = rule
    if ((path === prefix || path.startsWith(`${prefix}.`)) && (!best || prefix.length > best[0].length)) best = rule
  }
  return best?.[1] ?? 'none'
}

/** The strongest need among changed paths. */
export function reloadKindOfAll(paths: readonly string[]): ReloadKind {
  const kinds = new Set(paths.map(reloadKindOf))
  return kinds.has('restart') ? 'restart' : kinds.has('hot') ? 'hot' : 'none'
}
