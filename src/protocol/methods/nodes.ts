/** Nodes: the registry of known nodes and their capability pairing (PROTOCOL.md §4.3). */
import { Type } from '@sinclair/typebox'

const Strings = Type.Array(Type.String())

export const KnownNode = Type.Object(
  {
    nodeId: Type.String({ minLength: 1 }),
    displayName: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    clientMode: Type.Optional(Type.String()),
    deviceFamily: Type.Optional(Type.String()),
    modelIdentifier: Type.Optional(Type.String()),
    remoteIp: Type.Optional(Type.String()),
    caps: Strings,
    commands: Strings,
    pathEnv: Type.Optional(Type.String()),
    permissions: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
    approvalState: Type.Union([
      Type.Literal('approved'), Type.Literal('pending-approval'), Type.Literal('pending-reapproval'), Type.Literal('unapproved'),
    ]),
    connectedAtMs: Type.Optional(Type.Integer()),
    lastConnectedAtMs: Type.Optional(Type.Integer()),
    lastDisconnectedAtMs: Type.Optional(Type.Integer()),
    lastSeenAtMs: Type.Optional(Type.Integer()),
    approvedAtMs: Type.Optional(Type.Integer()),
    paired: Type.Boolean(),
    connected: Type.Boolean(),
  },
  { $id: 'KnownNode', additionalProperties: false },
)

export const NodeMethods = {
  'node.list': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object({ ts: Type.Integer(), nodes: Type.Array(KnownNode) }, { additionalProperties: false }),
  },
  'node.pair.list': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object({ pending: Type.Array(Type.Unknown()), paired: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
  },
} as const
