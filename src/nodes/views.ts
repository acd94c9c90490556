/**
 * What operators see of nodes: `KnownNode` rows for `node.list` / `node.describe` and `PairedNode`
 * records for `node.pair.*`, merged from live connections, the pairing store and pending requests.
 */
import type { Static } from '@sinclair/typebox'
import type { KnownNode as KnownNodeSchema, PairedNode as PairedNodeSchema } from '../protocol/methods/nodes.ts'
import { isLoopbackAddress } from '../auth/locality.ts'
import type { PairedDevice, PairingStore } from '../store/pairing-store.ts'
import type { ApprovedNodeSurface, NodePairingStore } from '../store/node-pairing-store.ts'
import type { NodeRegistry } from './registry.ts'

export type KnownNode = Static<typeof KnownNodeSchema>
export type PairedNode = Static<typeof PairedNodeSchema>

export interface ViewDeps {
  pairing: PairingStore
  nodePairing: NodePairingStore
  registry: NodeRegistry
}

export function pairedNodeView(nodeId: string, device: PairedDevice | null, surface: ApprovedNodeSurface): PairedNode {
  return clean({
    nodeId,
    clientId: surface.clientId ?? device?.clientId,
    clientMode: surface.clientMode ?? device?.clientMode,
    displayName: device?.operatorLabel ?? device?.displayName,
    platform: device?.platform,
    version: surface.version,
    deviceFamily: device?.deviceFamily,
    caps: surface.caps,
    commands: surface.commands,
    permissions: surface.permissions,
    createdAtMs: surface.createdAtMs,
    approvedAtMs: surface.approvedAtMs,
    lastSeenAtMs: device?.lastSeenAtMs,
    lastSeenReason: device?.lastSeenReason,
  })
}

export function knownNodeView(deps: ViewDeps, nodeId: string): KnownNode | null {
  const device = deps.pairing.getDevice(nodeId)
  const surface = deps.nodePairing.getSurface(nodeId)
  const pending = deps.nodePairing.pendingOf(nodeId)
  const live = deps.registry.current(nodeId)
  if (!device?.roles.includes('node') && !surface && !pending && !live) return null
  const client = live?.session.client
  const history = deps.registry.history(nodeId)
  const ip = live?.session.ip ?? device?.remoteIp
  return clean({
    nodeId,
    displayName: device?.operatorLabel ?? client?.displayName ?? device?.displayName ?? pending?.displayName,
    platform: client?.platform ?? device?.platform ?? pending?.platform,
    version: client?.version ?? surface?.version ?? pending?.version,
    clientId: client?.id ?? surface?.clientId ?? device?.clientId,
    clientMode: client?.mode ?? surface?.clientMode ?? device?.clientMode,
    deviceFamily: client?.deviceFamily ?? device?.deviceFamily,
    modelIdentifier: client?.modelIdentifier,
    remoteIp: ip && !isLoopbackAddress(ip) ? ip : undefined,
    caps: live ? live.caps : (surface?.caps ?? []),
    commands: live ? live.commands : (surface?.commands ?? []),
    nodePluginTools: live?.pluginTools,
    pathEnv: live?.session.pathEnv,
    permissions: live?.declared.permissions ?? surface?.permissions,
    approvalState: approvalState(pending !== null, surface !== null, live ? live.declared.commands.length + live.declared.caps.length === 0 : false),
    pendingRequestId: pending?.requestId,
    pendingDeclaredCaps: pending?.caps,
    pendingDeclaredCommands: pending?.commands,
    connectedAtMs: live?.connectedAtMs,
    lastConnectedAtMs: history?.lastConnectedAtMs,
    lastDisconnectedAtMs: history?.lastDisconnectedAtMs,
    lastSeenAtMs: live ? live.connectedAtMs : device?.lastSeenAtMs,
    lastSeenReason: live ? 'connect' : device?.lastSeenReason,
    approvedAtMs: surface?.approvedAtMs,
    paired: device !== null,
    connected: live !== undefined,
    hostStats: history?.hostStats,
  } satisfies Record<keyof KnownNode, unknown>) as KnownNode
}

/** A node that declares nothing has nothing to approve; one whose request was rejected has no approval. */
function approvalState(pending: boolean, approved: boolean, declaresNothing: boolean): KnownNode['approvalState'] {
  if (pending) return approved ? 'pending-reapproval' : 'pending-approval'
  return approved || declaresNothing ? 'approved' : 'unapproved'
}

/** Every node the gateway knows: connected first, then by name. */
export function listKnownNodes(deps: ViewDeps): KnownNode[] {
  const ids = new Set<string>([
    ...deps.registry.live().map((n) => n.nodeId),
    ...deps.nodePairing.listSurfaces().map((s) => s.nodeId),
    ...deps.nodePairing.listPending().map((p) => p.nodeId),
    ...deps.pairing.listDevices().filter((d) => d.roles.includes('node')).map((d) => d.deviceId),
  ])
  return [...ids]
    .map((id) => knownNodeView(deps, id))
    .filter((n): n is KnownNode => n !== null)
    .sort((a, b) => Number(b.connected) - Number(a.connected) || (a.displayName ?? a.nodeId).localeCompare(b.displayName ?? b.nodeId))
}

/** Drops absent fields so the wire carries only what is known. */
function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}
