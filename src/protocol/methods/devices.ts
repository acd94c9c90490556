/** Device pairing and device tokens (PROTOCOL.md §3.10). */
import { Type } from '@sinclair/typebox'

const Id = Type.String({ minLength: 1 })
const Strings = Type.Array(Type.String())

const PendingDeviceRequest = Type.Object(
  {
    requestId: Id,
    deviceId: Id,
    publicKey: Type.String(),
    displayName: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
    deviceFamily: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    clientMode: Type.Optional(Type.String()),
    browserOrigin: Type.Optional(Type.String()),
    role: Type.Optional(Type.String()),
    roles: Type.Optional(Strings),
    scopes: Type.Optional(Strings),
    remoteIp: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    silent: Type.Optional(Type.Boolean()),
    isRepair: Type.Optional(Type.Boolean()),
    ts: Type.Integer(),
  },
  { $id: 'PendingDeviceRequest', additionalProperties: false },
)

const DeviceTokenSummary = Type.Object(
  {
    role: Type.String(),
    scopes: Strings,
    createdAtMs: Type.Integer(),
    rotatedAtMs: Type.Optional(Type.Integer()),
    revokedAtMs: Type.Optional(Type.Integer()),
    lastUsedAtMs: Type.Optional(Type.Integer()),
  },
  { $id: 'DeviceTokenSummary', additionalProperties: false },
)

const PairedDeviceView = Type.Object(
  {
    deviceId: Id,
    publicKey: Type.String(),
    displayName: Type.Optional(Type.String()),
    operatorLabel: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
    deviceFamily: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    clientMode: Type.Optional(Type.String()),
    browserOrigin: Type.Optional(Type.String()),
    roles: Strings,
    scopes: Strings,
    remoteIp: Type.Optional(Type.String()),
    approvedVia: Type.Optional(Type.String()),
    tokens: Type.Array(DeviceTokenSummary),
    createdAtMs: Type.Integer(),
    approvedAtMs: Type.Integer(),
    lastSeenAtMs: Type.Optional(Type.Integer()),
    lastSeenReason: Type.Optional(Type.String()),
    connected: Type.Boolean(),
  },
  { $id: 'PairedDeviceView', additionalProperties: false },
)

const Closed = { additionalProperties: false } as const
const RequestRef = Type.Object({ requestId: Id }, Closed)
const DeviceRef = Type.Object({ deviceId: Id }, Closed)
const DeviceRole = { deviceId: Id, role: Id }

export const DeviceMethods = {
  'device.pair.list': {
    params: Type.Object({}, Closed),
    result: Type.Object({ pending: Type.Array(PendingDeviceRequest), paired: Type.Array(PairedDeviceView) }, Closed),
  },
  'device.pair.approve': {
    params: RequestRef,
    result: Type.Object({ requestId: Id, device: PairedDeviceView }, Closed),
  },
  'device.pair.reject': {
    params: RequestRef,
    result: Type.Object({ requestId: Id, deviceId: Id }, Closed),
  },
  'device.pair.remove': {
    params: DeviceRef,
    result: DeviceRef,
  },
  'device.pair.rename': {
    params: Type.Object({ deviceId: Id, label: Type.String({ minLength: 1, maxLength: 64 }) }, Closed),
    result: Type.Object({ deviceId: Id, label: Type.String() }, Closed),
  },
  'device.token.rotate': {
    params: Type.Object({ ...DeviceRole, scopes: Type.Optional(Strings) }, Closed),
    result: Type.Object(
      {
        ...DeviceRole,
        token: Type.Optional(Type.String()),
        scopes: Strings,
        rotatedAtMs: Type.Integer(),
        tokenDelivery: Type.Optional(Type.Union([Type.Literal('in-band'), Type.Literal('withheld-cross-device')])),
      },
      Closed,
    ),
  },
  'device.token.revoke': {
    params: Type.Object(DeviceRole, Closed),
    result: Type.Object({ ...DeviceRole, revokedAtMs: Type.Integer() }, Closed),
  },
} as const
