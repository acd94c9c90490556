/** The handshake: `connect` params, `hello-ok`, the snapshot inside it (PROTOCOL.md §2). */
import { Type, type Static, type TLiteral } from '@sinclair/typebox'
import { AUTH_METHODS, CLIENT_IDS, CLIENT_MODES } from './client-enums.ts'

const NonEmpty = Type.String({ minLength: 1 })
const literals = <T extends string>(values: readonly T[], $id: string) =>
  Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T>[], { $id })

export type ClientId = (typeof CLIENT_IDS)[number]
export const ClientId = literals(CLIENT_IDS, 'ClientId')

export type ClientMode = (typeof CLIENT_MODES)[number]
export const ClientMode = literals(CLIENT_MODES, 'ClientMode')

export const ConnectClient = Type.Object(
  {
    id: ClientId,
    displayName: Type.Optional(NonEmpty),
    version: NonEmpty,
    buildId: Type.Optional(Type.String({ minLength: 1, maxLength: 96 })),
    platform: NonEmpty,
    deviceFamily: Type.Optional(NonEmpty),
    modelIdentifier: Type.Optional(NonEmpty),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    mode: ClientMode,
    instanceId: Type.Optional(NonEmpty),
  },
  { $id: 'ConnectClient', additionalProperties: false },
)

export const ConnectDevice = Type.Object(
  {
    id: NonEmpty,
    publicKey: NonEmpty,
    signature: NonEmpty,
    signedAt: Type.Integer({ minimum: 0 }),
    nonce: NonEmpty,
  },
  { $id: 'ConnectDevice', additionalProperties: false },
)
export type ConnectDevice = Static<typeof ConnectDevice>

export const ConnectAuth = Type.Object(
  {
    token: Type.Optional(Type.String()),
    bootstrapToken: Type.Optional(Type.String()),
    deviceToken: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    approvalRuntimeToken: Type.Optional(Type.String()),
    agentRuntimeIdentityToken: Type.Optional(Type.String()),
  },
  { $id: 'ConnectAuth', additionalProperties: false },
)

export const ConnectParams = Type.Object(
  {
    minProtocol: Type.Integer({ minimum: 1 }),
    maxProtocol: Type.Integer({ minimum: 1 }),
    client: ConnectClient,
    caps: Type.Optional(Type.Array(Type.String())),
    commands: Type.Optional(Type.Array(Type.String())),
    computerUse: Type.Optional(Type.Unknown()),
    workerRuns: Type.Optional(Type.Object({})),
    permissions: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
    pathEnv: Type.Optional(Type.String()),
    role: Type.Optional(NonEmpty),
    scopes: Type.Optional(Type.Array(Type.String())),
    modelCatalog: Type.Optional(Type.Object({})),
    device: Type.Optional(ConnectDevice),
    auth: Type.Optional(ConnectAuth),
    locale: Type.Optional(Type.String()),
    userAgent: Type.Optional(Type.String()),
  },
  { $id: 'ConnectParams', additionalProperties: false },
)
export type ConnectParams = Static<typeof ConnectParams>

export const ConnectChallenge = Type.Object(
  { nonce: NonEmpty, ts: Type.Integer(), capabilities: Type.Optional(Type.Array(Type.String())) },
  { $id: 'ConnectChallenge', additionalProperties: false },
)

export const PresenceEntry = Type.Object(
  {
    host: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    ip: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
    deviceFamily: Type.Optional(Type.String()),
    modelIdentifier: Type.Optional(Type.String()),
    timeZone: Type.Optional(Type.String()),
    mode: Type.Optional(Type.String()),
    lastInputSeconds: Type.Optional(Type.Number()),
    reason: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
    text: Type.Optional(Type.String()),
    ts: Type.Integer(),
    onlineSince: Type.Optional(Type.Integer()),
    lastActivityAt: Type.Optional(Type.Integer()),
    deviceId: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Type.String())),
    scopes: Type.Optional(Type.Array(Type.String())),
    instanceId: Type.Optional(Type.String()),
  },
  { $id: 'PresenceEntry', additionalProperties: false },
)
export type PresenceEntry = Static<typeof PresenceEntry>

/** The event loop and CPU over the window since the previous snapshot (gateway/event-loop-health.ts). */
export const EventLoopHealth = Type.Object(
  {
    degraded: Type.Boolean(),
    /** How long it has been degraded (ms). */
    degradedSinceMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    reasons: Type.Array(Type.Union([Type.Literal('event_loop_delay'), Type.Literal('event_loop_utilization'), Type.Literal('cpu')])),
    intervalMs: Type.Integer({ minimum: 0 }),
    delayP99Ms: Type.Number({ minimum: 0 }),
    delayMaxMs: Type.Number({ minimum: 0 }),
    utilization: Type.Number({ minimum: 0, maximum: 1 }),
    cpuCoreRatio: Type.Number({ minimum: 0 }),
    cpuBreakdown: Type.Object(
      {
        mainThreadCoreRatio: Type.Number({ minimum: 0 }),
        hostUtilization: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        hostCpuCount: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'EventLoopHealth', additionalProperties: false },
)
export type EventLoopHealth = Static<typeof EventLoopHealth>

/** Health is an aggregate of subsystems; the top level is open so channels can add their part. */

export const HealthSnapshot = Type.Object(
  {
    ok: Type.Optional(Type.Literal(true)),
    ts: Type.Optional(Type.Integer()),
    durationMs: Type.Optional(Type.Number()),
    channels: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    channelOrder: Type.Optional(Type.Array(Type.String())),
    channelLabels: Type.Optional(Type.Record(Type.String(), Type.String())),
    heartbeatSeconds: Type.Optional(Type.Number()),
    defaultAgentId: Type.Optional(Type.String()),
    agents: Type.Optional(Type.Array(Type.Unknown())),
    sessions: Type.Optional(Type.Unknown()),
    eventLoop: Type.Optional(EventLoopHealth),
    /** Plugins loaded, failed and unavailable: none here (this gateway loads no plugins). */
    plugins: Type.Optional(
      Type.Object(
        { loaded: Type.Array(Type.String()), errors: Type.Array(Type.Unknown()), unavailable: Type.Array(Type.Unknown()) },
        { additionalProperties: false },
      ),
    ),
    /** The config file as the live reloader last saw it; `issues` while an edit is refused. */
    configReload: Type.Optional(Type.Unknown()),
    /** Errors that escaped to the process (counted and survived): `{ count, last: { at, kind, origin, message } | null }`. */
    escapes: Type.Optional(Type.Unknown()),
  },
  { $id: 'HealthSnapshot', additionalProperties: true },
)
export type HealthSnapshot = Static<typeof HealthSnapshot>

export const SessionDefaults = Type.Object(
  {
    defaultAgentId: Type.String(),
    mainKey: Type.String(),
    mainSessionKey: Type.String(),
    scope: Type.Optional(Type.String()),
    modelConfigured: Type.Optional(Type.Boolean()),
  },
  { $id: 'SessionDefaults', additionalProperties: false },
)

export const Snapshot = Type.Object(
  {
    presence: Type.Array(PresenceEntry),
    health: HealthSnapshot,
    stateVersion: Type.Object({ presence: Type.Integer(), health: Type.Integer() }, { additionalProperties: false }),
    uptimeMs: Type.Integer({ minimum: 0 }),
    sessionDefaults: Type.Optional(SessionDefaults),
    /** The revision of the config the gateway runs (`config.get`'s `appliedConfigHash`). */
    appliedConfigHash: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    configPath: Type.Optional(Type.String()),
    stateDir: Type.Optional(Type.String()),
    authMode: Type.Optional(Type.String()),
  },
  { $id: 'Snapshot', additionalProperties: false },
)
export type Snapshot = Static<typeof Snapshot>

export type AuthMethod = (typeof AUTH_METHODS)[number]

export const HelloOk = Type.Object(
  {
    type: Type.Literal('hello-ok'),
    protocol: Type.Integer({ minimum: 1 }),
    server: Type.Object(
      {
        version: Type.String(),
        buildId: Type.Optional(Type.String({ maxLength: 96 })),
        bootId: Type.Optional(Type.String({ maxLength: 96 })),
        connId: Type.String(),
      },
      { additionalProperties: false },
    ),
    features: Type.Object(
      {
        methods: Type.Array(Type.String()),
        events: Type.Array(Type.String()),
        capabilities: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
    snapshot: Snapshot,
    pluginSurfaceUrls: Type.Optional(Type.Record(Type.String(), Type.String())),
    canvasHostUrl: Type.Optional(Type.String()),
    auth: Type.Object(
      {
        method: Type.Optional(literals(AUTH_METHODS, 'AuthMethod')),
        deviceToken: Type.Optional(Type.String()),
        role: Type.String(),
        scopes: Type.Array(Type.String()),
        issuedAtMs: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false },
    ),
    policy: Type.Object(
      {
        maxPayload: Type.Integer(),
        maxBufferedBytes: Type.Integer(),
        tickIntervalMs: Type.Integer(),
        attachments: Type.Optional(
          Type.Object({ maxBytes: Type.Integer(), maxImageBytes: Type.Integer() }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'HelloOk', additionalProperties: false },
)
export type HelloOk = Static<typeof HelloOk>
