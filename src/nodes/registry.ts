/**
 * Live node connections and their effective command surface. A node's `connect` claims caps,
 * commands and permissions; the gateway lets through only what the operator approved. A new or
 * wider claim files a pending request (`node.pair.requested`) and, until approved, the node keeps
 * the intersection of what it declares and what was approved before (PROTOCOL.md §4.3).
 */
import { isLoopbackAddress } from '../auth/locality.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { PairingStore } from '../store/pairing-store.ts'
import type { ApprovedNodeSurface, NodePairingStore, NodeSurface, PendingNodeRequest } from '../store/node-pairing-store.ts'
import { approvalScopes, filterCommands, type CommandPolicyConfig } from './command-policy.ts'

export interface HostStats {
  cpuCount: number
  loadAverage?: number[]
  memoryTotalBytes?: number
  memoryFreeBytes?: number
  diskTotalBytes?: number
  diskAvailableBytes?: number
  updatedAtMs?: number
}

export interface LiveNode {
  readonly connId: string
  readonly nodeId: string
  readonly session: ClientSession
  /** What the node declared, after the gateway's command policy (re-filtered when the policy changes). */
  declared: NodeSurface
  /** Declared ∩ approved: what may actually be invoked right now. */
  commands: string[]
  caps: string[]
  readonly connectedAtMs: number
  pluginTools: unknown[]
}

/** What survives a disconnect, for `node.list` (since this gateway started). */
export interface NodeHistory {
  lastConnectedAtMs?: number
  lastDisconnectedAtMs?: number
  hostStats?: HostStats
}

export interface NodeRegistryDeps {
  pairing: PairingStore
  nodePairing: NodePairingStore
  events: EventBus
  policy: () => CommandPolicyConfig
}

export const nodeIdOf = (session: ClientSession) => session.deviceId ?? session.client.id

export function createNodeRegistry(deps: NodeRegistryDeps) {
  const live = new Map<string, LiveNode>()
  const history = new Map<string, NodeHistory>()

  const historyOf = (nodeId: string) => history.get(nodeId) ?? history.set(nodeId, {}).get(nodeId)!

  /** Registers a node connection and reconciles its declared surface with the approved one. */
  function attach(session: ClientSession): LiveNode {
    const nodeId = nodeIdOf(session)
    const declared: NodeSurface = {
      caps: [...new Set(session.caps)].sort(),
      commands: filterCommands(session.commands, deps.policy()),
      ...(session.permissions && { permissions: session.permissions }),
    }
    const approved = deps.nodePairing.getSurface(nodeId)
    const node: LiveNode = {
      connId: session.connId,
      nodeId,
      session,
      declared,
      ...effectiveSurface(declared, approved),
      connectedAtMs: Date.now(),
      pluginTools: [],
    }
    live.set(session.connId, node)
    historyOf(nodeId).lastConnectedAtMs = node.connectedAtMs
    if (!covers(approved, declared)) fileRequest(node)
    publishPresence(nodeId, 'connect')
    return node
  }

  function fileRequest(node: LiveNode): void {
    const c = node.session.client
    const device = node.session.deviceId ? deps.pairing.getDevice(node.session.deviceId) : null
    const { request, created, superseded } = deps.nodePairing.requestSurface({
      nodeId: node.nodeId,
      clientId: c.id,
      clientMode: c.mode,
      displayName: c.displayName,
      platform: c.platform,
      version: c.version,
      deviceFamily: c.deviceFamily,
      modelIdentifier: c.modelIdentifier,
      ...node.declared,
      requiredApproveScopes: approvalScopes(node.declared.commands),
      remoteIp: isLoopbackAddress(node.session.ip) ? undefined : node.session.ip,
      silent: device?.approvedVia === 'silent',
    })
    if (superseded) resolved(superseded, 'rejected')
    if (created) deps.events.broadcast('node.pair.requested', stripUndefined({ ...request }), { dropIfSlow: true })
  }

  function detach(connId: string): LiveNode | undefined {
    const node = live.get(connId)
    if (!node) return undefined
    live.delete(connId)
    historyOf(node.nodeId).lastDisconnectedAtMs = Date.now()
    publishPresence(node.nodeId, 'disconnect')
    return node
  }

  /**
   * Re-filters every live node's declared commands through the current `gateway.nodes.commands` (a
   * config edit): a newly denied command goes at once; a newly allowed one only within what was approved.
   */
  function reapplyPolicy(): void {
    for (const node of live.values()) {
      node.declared = { ...node.declared, commands: filterCommands(node.session.commands, deps.policy()) }
      Object.assign(node, effectiveSurface(node.declared, deps.nodePairing.getSurface(node.nodeId)))
    }
  }

  /** Re-derives the effective surface of every live connection of a node (after approve/remove). */
  function refresh(nodeId: string): void {
    const approved = deps.nodePairing.getSurface(nodeId)
    for (const node of connectionsOf(nodeId)) Object.assign(node, effectiveSurface(node.declared, approved))
  }

  /** Tells operators, and the node's own connections directly (no seq), how its request ended. */
  function resolved(request: PendingNodeRequest, decision: 'approved' | 'rejected' | 'removed'): void {
    const payload = { requestId: request.requestId, nodeId: request.nodeId, decision, ts: Date.now() }
    for (const node of connectionsOf(request.nodeId)) deps.events.sendToConnection(node.connId, 'node.pair.resolved', payload)
    deps.events.broadcast('node.pair.resolved', payload, { dropIfSlow: true })
  }

  function publishPresence(nodeId: string, reason: string): void {
    const connected = connectionsOf(nodeId).length > 0
    deps.events.broadcast('node.presence', { nodeId, connected, lastSeenAtMs: Date.now(), lastSeenReason: reason }, { dropIfSlow: true })
  }

  function connectionsOf(nodeId: string): LiveNode[] {
    return [...live.values()].filter((n) => n.nodeId === nodeId)
  }

  return {
    attach,
    detach,
    refresh,
    reapplyPolicy,
    resolved,
    publishPresence,
    connectionsOf,
    /** The newest live connection of a node: the one invokes go to. */
    current: (nodeId: string) => connectionsOf(nodeId).at(-1),
    byConn: (connId: string) => live.get(connId),
    live: () => [...live.values()],
    history: (nodeId: string) => history.get(nodeId),
    setHostStats(nodeId: string, stats: HostStats): void {
      historyOf(nodeId).hostStats = stats
    },
  }
}

export type NodeRegistry = ReturnType<typeof createNodeRegistry>

function effectiveSurface(declared: NodeSurface, approved: ApprovedNodeSurface | null): { commands: string[]; caps: string[] } {
  if (!approved) return { commands: [], caps: [] }
  return {
    commands: declared.commands.filter((c) => approved.commands.includes(c)),
    caps: declared.caps.filter((c) => approved.caps.includes(c)),
  }
}

/** True when the approved surface already includes everything declared (nothing new to approve). */
function covers(approved: ApprovedNodeSurface | null, declared: NodeSurface): boolean {
  const grantedPermissions = Object.entries(declared.permissions ?? {}).filter(([, granted]) => granted)
  if (!approved) return declared.caps.length === 0 && declared.commands.length === 0 && grantedPermissions.length === 0
  return (
    declared.commands.every((c) => approved.commands.includes(c)) &&
    declared.caps.every((c) => approved.caps.includes(c)) &&
    grantedPermissions.every(([name]) => approved.permissions?.[name] === true)
  )
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}
