/**
 * The config schema as the original serves it to the Control UI and CLI: `config.schema` (the whole
 * JSON Schema plus `uiHints` keyed by path, `*` for map keys) and `config.schema.lookup` (one path:
 * a shallow node, its hint and reload kind, and its immediate children). Built from `ConfigSchema`,
 * the schema the gateway validates with, so the two cannot disagree. Loaded only when asked for.
 */
import { ConfigSchema } from './schema.ts'
import { isSecretPath } from './redact.ts'
import { reloadKindOf, type ReloadKind } from './reload-kind.ts'

type Node = Record<string, unknown>
export interface UiHint { label?: string; help?: string; sensitive?: boolean; advanced?: boolean }

const SHALLOW_KEYS = [
  'title', 'description', 'type', 'enum', 'const', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'deprecated', 'readOnly', 'writeOnly',
]

let cached: { schema: Node; uiHints: Record<string, UiHint> } | undefined

/** Labels and help for the Control UI's settings pages, by path (the validating schema stays lean). */
const DOCS: Record<string, [title: string, description: string]> = {
  $schema: ['JSON Schema', 'Editor hint: the schema this file follows. The gateway ignores it.'],
  gateway: ['Gateway', 'The listener (port, bind, TLS), who may connect (auth, proxies, origins), node pairing and live config reload.'],
  'gateway.port': ['Gateway Port', 'TCP port of the WebSocket and HTTP listener. A change restarts the gateway in place.'],
  'gateway.bind': ['Bind', 'loopback (default), lan (0.0.0.0), tailnet, or custom (customBindHost). A change restarts the gateway in place.'],
  'gateway.auth': ['Gateway Auth', 'How clients authenticate: a shared token or password (mode none only on loopback).'],
  'gateway.auth.token': ['Gateway Token', 'The shared token clients send in connect. A new token closes the clients that used the old one.'],
  'gateway.auth.password': ['Gateway Password', 'The shared password (auth mode password).'],
  'gateway.tls': ['TLS', 'Serve wss:// with a certificate (generated when missing). A change restarts the gateway in place.'],
  'gateway.reload': ['Config Reload', 'How edits of this file apply while the gateway runs.'],
  'gateway.reload.mode': ['Reload Mode', 'hybrid (default): apply edits in place, restarting in place when the listener changes; off: ignore edits until a restart or SIGHUP.'],
  'gateway.nodes.commands': ['Node Commands', 'Opt in (allow) or refuse (deny) node command ids. Applies to the next invoke.'],
  models: ['Models', 'Model providers (OpenAI-compatible or Anthropic), their models, reply caps and context windows.'],
  'models.mode': ['Provider Mode', 'merge (default): add the providers OPENAI_API_KEY / ANTHROPIC_API_KEY imply; replace: only models.providers.'],
  agents: ['Agents', 'The agents that answer: defaults (model, fallbacks, heartbeat, timeout) and per-agent entries.'],
  bindings: ['Bindings', 'Which agent answers which channel, account, team, guild or peer.'],
  cron: ['Cron', 'The scheduler for cron jobs.'],
  session: ['Session', 'How conversations map to sessions (DM and group scope).'],
  'session.dmScope': ['DM Session Scope', 'main keeps one session for every DM; per-peer, per-channel-peer and per-account-channel-peer isolate more.'],
  channels: ['Channels', 'Chat channel accounts (Telegram, Slack, Discord, WhatsApp, Signal, iMessage) and their DM and group policies.'],
}

function addDocs(schema: Node): void {
  for (const [path, [title, description]] of Object.entries(DOCS)) {
    let node: Node | undefined = schema
    for (const seg of path.split('.')) node = node && (objectBranch(node).properties as Record<string, Node> | undefined)?.[seg]
    if (node) Object.assign(node, { title, description })
  }
}

export function configSchemaDocument(): { schema: Node; uiHints: Record<string, UiHint> } {
  if (cached) return cached
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(ConfigSchema)) as Node), title: 'OpenClawConfig' }
  addDocs(schema)
  const uiHints: Record<string, UiHint> = {}
  collectHints(schema, [], uiHints)
  cached = { schema, uiHints }
  return cached
}

/** Children of an object node: named properties, then `*` for a map's keys. */
function childrenOf(node: Node): [key: string, child: Node, required: boolean][] {
  const props = (node.properties ?? {}) as Record<string, Node>
  const required = new Set((node.required ?? []) as string[])
  const out: [string, Node, boolean][] = Object.entries(props).map(([k, v]) => [k, v, required.has(k)])
  const map = mapValueOf(node)
  if (map) out.push(['*', map, false])
  return out
}

function mapValueOf(node: Node): Node | undefined {
  const pattern = node.patternProperties as Record<string, Node> | undefined
  if (pattern) return Object.values(pattern)[0]
  return typeof node.additionalProperties === 'object' ? (node.additionalProperties as Node) : undefined
}

/** A union of objects (e.g. `model: "id" | {primary}`) is walked through its object branch. */
function objectBranch(node: Node): Node {
  const branches = (node.anyOf ?? node.oneOf) as Node[] | undefined
  return branches?.find((b) => b.type === 'object') ?? node
}

function collectHints(node: Node, path: string[], out: Record<string, UiHint>): void {
  const hint: UiHint = {}
  if (typeof node.title === 'string') hint.label = node.title
  if (typeof node.description === 'string') hint.help = node.description
  if (path.length > 0 && isSecretPath(path)) hint.sensitive = true
  if (Object.keys(hint).length > 0) out[path.join('.')] = hint
  const obj = objectBranch(node)
  for (const [key, child] of childrenOf(obj)) collectHints(child, [...path, key], out)
  if (obj.type === 'array' && obj.items) collectHints(obj.items as Node, [...path, '[]'], out)
}

export interface LookupResult {
  path: string
  schema: Node
  reloadKind?: ReloadKind
  hint?: UiHint
  hintPath?: string
  children: {
    key: string; path: string; type?: string | string[]; required: boolean; hasChildren: boolean
    reloadKind?: ReloadKind; hint?: UiHint; hintPath?: string
  }[]
}

/** Splits `a.b[0].c` / `a.b.*` into segments; numeric and `[]` segments step into array items. */
function segments(path: string): string[] {
  return path.replace(/\[(\d*)\]/g, '.[]').split('.').map((s) => s.trim()).filter(Boolean)
}

/** One path of the schema, or undefined when the schema has no such path. */
export function lookupConfigSchema(path: string): LookupResult | undefined {
  const { schema, uiHints } = configSchemaDocument()
  let node: Node = schema
  const hintSegs: string[] = []
  for (const seg of segments(path)) {
    const obj = objectBranch(node)
    const items = obj.type === 'array' ? (obj.items as Node | undefined) : undefined
    if (items && (seg === '[]' || /^\d+$/.test(seg))) {
      node = items
      hintSegs.push('[]')
      continue
    }
    const named = (obj.properties as Record<string, Node> | undefined)?.[seg]
    const map = named ? undefined : mapValueOf(obj)
    if (!named && !map) return undefined
    node = named ?? map!
    hintSegs.push(named ? seg : '*')
  }
  const normalized = segments(path).join('.').replaceAll('.[]', '[]')
  const hintPath = hintSegs.join('.')
  const obj = objectBranch(node)
  return {
    path: normalized,
    schema: shallow(node),
    ...(normalized && { reloadKind: reloadKindOf(normalized) }),
    ...(uiHints[hintPath] && { hint: uiHints[hintPath], hintPath }),
    children: childrenOf(obj).map(([key, child, required]) => {
      const childPath = normalized ? `${normalized}.${key}` : key
      const childHintPath = hintPath ? `${hintPath}.${key}` : key
      const c = objectBranch(child)
      return {
        key,
        path: childPath,
        ...(typeOf(child) !== undefined && { type: typeOf(child) }),
        required,
        hasChildren: c.type === 'object' || c.type === 'array',
        reloadKind: reloadKindOf(childPath),
        ...(uiHints[childHintPath] && { hint: uiHints[childHintPath], hintPath: childHintPath }),
      }
    }),
  }
}

function typeOf(node: Node): string | string[] | undefined {
  if (node.type) return node.type as string | string[]
  const branches = (node.anyOf ?? node.oneOf) as Node[] | undefined
  const types = [...new Set(branches?.map((b) => b.type).filter((t): t is string => typeof t === 'string'))]
  return types.length === 1 ? types[0] : types.length > 1 ? types : undefined
}

/** The node's own documentation and bounds, without its subtree; a union of literals becomes an `enum`. */
function shallow(node: Node): Node {
  const out: Node = {}
  for (const key of SHALLOW_KEYS) if (node[key] !== undefined) out[key] = node[key]
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties
  const branches = (node.anyOf ?? node.oneOf) as Node[] | undefined
  if (branches?.every((b) => b.const !== undefined)) {
    out.type = typeOf(node)
    out.enum = branches.map((b) => b.const)
  } else if (branches) out.anyOf = branches.map(shallow)
  return out
}
