/**
 * The config file's shape (`openclaw.json`, JSON5). Keys are named as the original names them, so an
 * existing file keeps working. Objects stay open here: keys we do not know are reported as warnings by
 * `findUnsupportedKeys`, never fatal. Each feature adds its section to `ConfigSchema`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { AgentsConfig, BindingsConfig, CronConfig, ModelsConfig, SessionConfig } from './agent-schema.ts'
import { ChannelsConfig } from './channels-schema.ts'
import { ToolsConfig } from './media-schema.ts'

const Port = Type.Integer({ minimum: 0, maximum: 65535 })

const GatewayAuthConfig = Type.Object({
  mode: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('token'), Type.Literal('password'), Type.Literal('trusted-proxy')]),
  ),
  token: Type.Optional(Type.String({ minLength: 1 })),
  password: Type.Optional(Type.String({ minLength: 1 })),
  rateLimit: Type.Optional(
    Type.Object({
      maxAttempts: Type.Optional(Type.Integer({ minimum: 1 })),
      windowMs: Type.Optional(Type.Integer({ minimum: 1 })),
      lockoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
      exemptLoopback: Type.Optional(Type.Boolean()),
    }),
  ),
})

export const BindMode = Type.Union([
  Type.Literal('auto'), Type.Literal('loopback'), Type.Literal('lan'), Type.Literal('tailnet'), Type.Literal('custom'),
])
export type BindMode = Static<typeof BindMode>

export const GatewayTlsConfig = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  autoGenerate: Type.Optional(Type.Boolean()),
  certPath: Type.Optional(Type.String({ minLength: 1 })),
  keyPath: Type.Optional(Type.String({ minLength: 1 })),
})
export type GatewayTlsConfig = Static<typeof GatewayTlsConfig>

const GatewayConfig = Type.Object({
  mode: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('remote')])),
  port: Type.Optional(Port),
  bind: Type.Optional(BindMode),
  customBindHost: Type.Optional(Type.String({ minLength: 1 })),
  auth: Type.Optional(GatewayAuthConfig),
  trustedProxies: Type.Optional(Type.Array(Type.String())),
  controlUi: Type.Optional(
    Type.Object({
      /** Browser origins (`https://host[:port]`, or `*`) allowed to open the WebSocket beyond the built-in private ones. */
      allowedOrigins: Type.Optional(Type.Array(Type.String())),
      dangerouslyAllowHostHeaderOriginFallback: Type.Optional(Type.Boolean()),
      /** Serve the original's Control UI: `root` names a folder holding a build (no UI ships here). */
      enabled: Type.Optional(Type.Boolean()),
      basePath: Type.Optional(Type.String({ pattern: '^(/[A-Za-z0-9._~-]+)*/?$' })),
      root: Type.Optional(Type.String({ minLength: 1 })),
    }),
  ),
  nodes: Type.Optional(
    Type.Object({
      pairing: Type.Optional(Type.Object({ autoApproveLocal: Type.Optional(Type.Boolean()) })),
      commands: Type.Optional(
        Type.Object({ allow: Type.Optional(Type.Array(Type.String())), deny: Type.Optional(Type.Array(Type.String())) }),
      ),
    }),
  ),
  pairing: Type.Optional(Type.Object({ trustOwnTailnet: Type.Optional(Type.Boolean()) })),
  tls: Type.Optional(GatewayTlsConfig),
  reload: Type.Optional(Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('hybrid'), Type.Literal('off')])) })),
  remote: Type.Optional(
    Type.Object({
      url: Type.Optional(Type.String()),
      token: Type.Optional(Type.String()),
      password: Type.Optional(Type.String()),
      tlsFingerprint: Type.Optional(Type.String()),
    }),
  ),
})

/**
 * `messages.*`: the acknowledgement reaction put on an inbound message when its turn starts (which
 * messages get one: `ackReactionScope`), whether it is taken back once the reply is out
 * (`removeAckAfterReply`, the original's earlier key; it keeps them), and the default group history
 * window (`groupChat.historyLimit`), and what counts as a mention besides the provider's own (`groupChat.mentionPatterns`).
 * `statusReactions.enabled` turns the acknowledgement into the turn's lifecycle (queued, thinking, tool,
 * done or error; status-reactions.ts); the original's retired `emojis` and `timing` are not in its
 * schema any more (its curated defaults apply), so they are not here either and are warned about.
 * `queue` and `inbound` are the session queue and the inbound debounce (channels/inbound-queue.ts, inbound-debounce.ts).
 */
export const AckReactionScope = Type.Union([
  Type.Literal('group-mentions'), Type.Literal('group-all'), Type.Literal('direct'), Type.Literal('all'), Type.Literal('off'), Type.Literal('none'),
])
export type AckReactionScope = Static<typeof AckReactionScope>

/** `messages.queue.mode`: what a message arriving while its session's run is active does (channels/inbound-queue.ts). */
const QueueMode = Type.Union([Type.Literal('steer'), Type.Literal('followup'), Type.Literal('collect'), Type.Literal('interrupt')])
export type QueueMode = Static<typeof QueueMode>
/** The providers this gateway runs, each optional: a per-channel override keyed by provider id (others are reported at load). */
const byProvider = <T extends TSchema>(value: T) => Type.Object({
  telegram: Type.Optional(value), whatsapp: Type.Optional(value), slack: Type.Optional(value),
  discord: Type.Optional(value), signal: Type.Optional(value), imessage: Type.Optional(value),
})
const DebounceMs = Type.Integer({ minimum: 0 })
/** `messages.queue`: the original's session queue (docs/concepts/queue.md), for channel messages. */
const QueueConfig = Type.Object({
  mode: Type.Optional(QueueMode),
  byChannel: Type.Optional(byProvider(QueueMode)),
  /** The quiet window before queued followups or a collect batch are drained (default 500 ms). */
  debounceMsByChannel: Type.Optional(byProvider(DebounceMs)),
  cap: Type.Optional(Type.Integer({ minimum: 1 })),
  drop: Type.Optional(Type.Union([Type.Literal('old'), Type.Literal('new'), Type.Literal('summarize')])),
})
/** `messages.inbound`: rapid text-only messages from one sender batched into one turn (docs/concepts/messages.md#inbound-debouncing). */
const InboundDebounceConfig = Type.Object({
  debounceMs: Type.Optional(DebounceMs),
  byChannel: Type.Optional(byProvider(DebounceMs)),
})

const MessagesConfig = Type.Object({
  queue: Type.Optional(QueueConfig),
  inbound: Type.Optional(InboundDebounceConfig),
  ackReaction: Type.Optional(Type.String()),
  ackReactionScope: Type.Optional(AckReactionScope),
  removeAckAfterReply: Type.Optional(Type.Boolean()),
  statusReactions: Type.Optional(Type.Object({ enabled: Type.Optional(Type.Boolean()) })),
  groupChat: Type.Optional(Type.Object({
    historyLimit: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Case-insensitive regexes that count as a mention of the bot in a group (typed, or spoken in a voice note). */
    mentionPatterns: Type.Optional(Type.Array(Type.String())),
  })),
})
export type MessagesConfig = Static<typeof MessagesConfig>

/**
 * `ui.prefs`: the Control UI's cross-device preferences. The UI writes them with `config.patch` and
 * reads them back from `config.get`, so every browser shows the same theme, colour mode, accent,
 * language and send shortcut; `themes.list` reports the theme selected here. The original's
 * `chatFollowUpMode` and `chatPersistCommentary` (queue and transcript behaviour of its own) and
 * `ui.seamColor` (its native apps) are not among them.
 */
const UiConfig = Type.Object({
  prefs: Type.Optional(Type.Object({
    /** A built-in theme's id, or `custom` (a browser's own tweakcn import). */
    theme: Type.Optional(Type.String({ minLength: 1 })),
    themeMode: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('system')])),
    /** `#RRGGBB`, or `theme` for the theme's own palette. */
    accent: Type.Optional(Type.String({ minLength: 1 })),
    locale: Type.Optional(Type.String({ minLength: 1 })),
    chatSendShortcut: Type.Optional(Type.Union([Type.Literal('enter'), Type.Literal('modifier-enter')])),
    chatShowThinking: Type.Optional(Type.Boolean()),
    chatShowToolCalls: Type.Optional(Type.Boolean()),
  })),
})
export type UiConfig = Static<typeof UiConfig>

export const ConfigSchema = Type.Object({
  $schema: Type.Optional(Type.String()),
  gateway: Type.Optional(GatewayConfig),
  models: Type.Optional(ModelsConfig),
  agents: Type.Optional(AgentsConfig),
  bindings: Type.Optional(BindingsConfig),
  cron: Type.Optional(CronConfig),
  session: Type.Optional(SessionConfig),
  channels: Type.Optional(ChannelsConfig),
  tools: Type.Optional(ToolsConfig),
  messages: Type.Optional(MessagesConfig),
  ui: Type.Optional(UiConfig),
})
export type GatewayFileConfig = Static<typeof ConfigSchema>
