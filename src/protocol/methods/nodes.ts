/** Nodes: the registry of known nodes, their capability pairing and command invocation (PROTOCOL.md §4.3). */
import { Type } from '@sinclair/typebox'

const Id = Type.String({ minLength: 1 })
const Strings = Type.Array(Type.String())
const Permissions = Type.Record(Type.String(), Type.Boolean())
const Empty = Type.Object({}, { additionalProperties: false })

export const NodeHostStats = Type.Object(
  {
    cpuCount: Type.Integer({ minimum: 1, maximum: 4096 }),
    loadAverage: Type.Optional(Type.Array(Type.Number({ minimum: 0, maximum: 100_000 }), { minItems: 3, maxItems: 3 })),
    memoryTotalBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    memoryFreeBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    diskTotalBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    diskAvailableBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    updatedAtMs: Type.Optional(Type.Integer()),
  },
  { $id: 'NodeHostStats', additionalProperties: false },
)

/** Who a node says it is: shared by the registry view, pending requests and paired records. */
const NodeIdentity = {
  nodeId: Id,
  clientId: Type.Optional(Type.String()),
  clientMode: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  platform: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  deviceFamily: Type.Optional(Type.String()),
}

export const KnownNode = Type.Object(
  {
    ...NodeIdentity,
    modelIdentifier: Type.Optional(Type.String()),
    remoteIp: Type.Optional(Type.String()),
    caps: Strings,
    commands: Strings,
    nodePluginTools: Type.Optional(Type.Array(Type.Unknown())),
    pathEnv: Type.Optional(Type.String()),
    permissions: Type.Optional(Permissions),
    approvalState: Type.Union([
      Type.Literal('approved'), Type.Literal('pending-approval'), Type.Literal('pending-reapproval'), Type.Literal('unapproved'),
    ]),
    pendingRequestId: Type.Optional(Type.String()),
    pendingDeclaredCaps: Type.Optional(Strings),
    pendingDeclaredCommands: Type.Optional(Strings),
    connectedAtMs: Type.Optional(Type.Integer()),
    lastConnectedAtMs: Type.Optional(Type.Integer()),
    lastDisconnectedAtMs: Type.Optional(Type.Integer()),
    lastSeenAtMs: Type.Optional(Type.Integer()),
    lastSeenReason: Type.Optional(Type.String()),
    approvedAtMs: Type.Optional(Type.Integer()),
    paired: Type.Boolean(),
    connected: Type.Boolean(),
    hostStats: Type.Optional(NodeHostStats),
  },
  { $id: 'KnownNode', additionalProperties: false },
)

/** A node's capability surface waiting for an operator (also the `node.pair.requested` payload). */
export const PendingNodeRequest = Type.Object(
  {
    requestId: Id,
    ...NodeIdentity,
    modelIdentifier: Type.Optional(Type.String()),
    caps: Strings,
    commands: Strings,
    permissions: Type.Optional(Permissions),
    requiredApproveScopes: Strings,
    remoteIp: Type.Optional(Type.String()),
    silent: Type.Optional(Type.Boolean()),
    ts: Type.Integer(),
  },
  { $id: 'PendingNodeRequest', additionalProperties: false },
)

/** The approved surface of a paired node. */
export const PairedNode = Type.Object(
  {
    ...NodeIdentity,
    caps: Strings,
    commands: Strings,
    permissions: Type.Optional(Permissions),
    createdAtMs: Type.Integer(),
    approvedAtMs: Type.Integer(),
    lastSeenAtMs: Type.Optional(Type.Integer()),
    lastSeenReason: Type.Optional(Type.String()),
  },
  { $id: 'PairedNode', additionalProperties: false },
)

export const NodeInvokeRequestEvent = Type.Object(
  {
    id: Id,
    nodeId: Id,
    command: Id,
    paramsJSON: Type.Union([Type.String(), Type.Null()]),
    timeoutMs: Type.Integer(),
    idempotencyKey: Type.String(),
    sessionKey: Type.Optional(Type.String()),
  },
  { $id: 'NodeInvokeRequestEvent', additionalProperties: false },
)

export const NodePairResolvedEvent = Type.Object(
  {
    requestId: Id,
    nodeId: Id,
    decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('removed')]),
    ts: Type.Integer(),
  },
  { $id: 'NodePairResolvedEvent', additionalProperties: false },
)

const NodeIdParams = Type.Object({ nodeId: Id }, { additionalProperties: false })
const RequestIdParams = Type.Object({ requestId: Id }, { additionalProperties: false })
/** Invokes are bounded: a caller cannot park a request on the gateway for longer than ten minutes. */
export const MAX_INVOKE_TIMEOUT_MS = 600_000

export const NodeMethods = {
  'node.list': {
    params: Empty,
    result: Type.Object({ ts: Type.Integer(), nodes: Type.Array(KnownNode) }, { additionalProperties: false }),
  },
  'node.describe': {
    params: NodeIdParams,
    result: Type.Composite([Type.Object({ ts: Type.Integer() }), KnownNode], { additionalProperties: false }),
  },
  'node.rename': {
    params: Type.Object({ nodeId: Id, displayName: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    result: Type.Object({ nodeId: Id, displayName: Type.String() }, { additionalProperties: false }),
  },
  'node.pair.list': {
    params: Empty,
    result: Type.Object({ pending: Type.Array(PendingNodeRequest), paired: Type.Array(PairedNode) }, { additionalProperties: false }),
  },
  'node.pair.approve': {
    params: RequestIdParams,
    result: Type.Object({ requestId: Id, node: PairedNode }, { additionalProperties: false }),
  },
  'node.pair.reject': {
    params: RequestIdParams,
    result: Type.Object({ requestId: Id, nodeId: Id }, { additionalProperties: false }),
  },
  'node.pair.remove': {
    params: NodeIdParams,
    result: Type.Object({ nodeId: Id }, { additionalProperties: false }),
  },
  'node.invoke': {
    params: Type.Object(
      {
        nodeId: Id,
        command: Id,
        params: Type.Optional(Type.Unknown()),
        timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_INVOKE_TIMEOUT_MS })),
        idempotencyKey: Id,
        sessionKey: Type.Optional(Type.String()),
      },
      // The CLI and agents add turn-source routing fields (turnSource*) that the gateway does not use.
      { additionalProperties: true },
    ),
    result: Type.Object(
      { ok: Type.Literal(true), nodeId: Id, command: Id, payload: Type.Unknown(), payloadJSON: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  'node.invoke.result': {
    params: Type.Object(
      {
        id: Id,
        nodeId: Id,
        ok: Type.Boolean(),
        payload: Type.Optional(Type.Unknown()),
        payloadJSON: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        error: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), message: Type.Optional(Type.String()) })),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), ignored: Type.Optional(Type.Literal(true)) }, { additionalProperties: false }),
  },
  'node.event': {
    params: Type.Object(
      { event: Id, payload: Type.Optional(Type.Unknown()), payloadJSON: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
      { additionalProperties: false },
    ),
    result: Type.Object(
      { ok: Type.Literal(true), event: Type.Optional(Type.String()), handled: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
  },
  'node.runnerInventory.update': {
    // The node host describes its worker runtime here; this gateway hosts no workers and keeps none of it.
    params: Type.Object({}, { additionalProperties: true }),
    result: Type.Object({ nodeId: Id }, { additionalProperties: false }),
  },
  'node.skills.update': {
    params: Type.Object({ skills: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
    result: Type.Object({ nodeId: Id, skills: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
  },
  'node.pluginTools.update': {
    params: Type.Object({ tools: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
    result: Type.Object({ nodeId: Id, tools: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
  },
} as const
