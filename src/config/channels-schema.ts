/**
 * `channels.*` in the config file, with the keys the original uses (docs/gateway/config-channels), so an
 * existing config keeps working. Every provider block holds account settings at its root (the
 * `default` account) and under `accounts.<id>`; an account inherits the root's policy keys.
 */
import { Type, type Static } from '@sinclair/typebox'

const Id = Type.Union([Type.String(), Type.Number()])

export const DmPolicy = Type.Union([Type.Literal('pairing'), Type.Literal('allowlist'), Type.Literal('open'), Type.Literal('disabled')])
export type DmPolicy = Static<typeof DmPolicy>
export const GroupPolicy = Type.Union([Type.Literal('allowlist'), Type.Literal('open'), Type.Literal('disabled')])
export type GroupPolicy = Static<typeof GroupPolicy>

/** One group / channel entry: `requireMention` lifts or keeps the mention gate. */
const GroupEntry = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  requireMention: Type.Optional(Type.Boolean()),
})

/**
 * Live preview of a reply while the model writes it (docs/concepts/streaming): `partial` edits one
 * message with the latest text, `block` grows it in paragraph-sized steps (`preview.chunk`), `progress`
 * shows one status draft and sends the answer as a normal message. `chunkMode: "newline"` splits at
 * blank lines first. `block.enabled` sends the answer as separate messages while it is written instead
 * (every provider; it takes precedence over the preview).
 */
export const StreamingMode = Type.Union([Type.Literal('off'), Type.Literal('partial'), Type.Literal('block'), Type.Literal('progress')])
export type StreamingMode = Static<typeof StreamingMode>
export const ChunkMode = Type.Union([Type.Literal('length'), Type.Literal('newline')])
export type ChunkMode = Static<typeof ChunkMode>
const Count = Type.Integer({ minimum: 1 })
export const BreakPreference = Type.Union([Type.Literal('paragraph'), Type.Literal('newline'), Type.Literal('sentence')])
export type BreakPreference = Static<typeof BreakPreference>
const CommandText = Type.Union([Type.Literal('raw'), Type.Literal('status')])
const BlockReplies = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  coalesce: Type.Optional(Type.Object({ minChars: Type.Optional(Count), maxChars: Type.Optional(Count), idleMs: Type.Optional(Type.Integer({ minimum: 0 })) })),
})
const PreviewStreaming = Type.Object({
  chunk: Type.Optional(Type.Object({ minChars: Type.Optional(Count), maxChars: Type.Optional(Count), breakPreference: Type.Optional(BreakPreference) })),
  toolProgress: Type.Optional(Type.Boolean()),
  commandText: Type.Optional(CommandText),
})
const progressKeys = {
  label: Type.Optional(Type.Union([Type.String(), Type.Literal(false)])),
  labels: Type.Optional(Type.Array(Type.String())),
  maxLines: Type.Optional(Count),
  maxLineChars: Type.Optional(Count),
  toolProgress: Type.Optional(Type.Boolean()),
  commandText: Type.Optional(CommandText),
  commentary: Type.Optional(Type.Boolean()),
  narration: Type.Optional(Type.Boolean()),
}
const streamingKeys = {
  mode: Type.Optional(StreamingMode),
  chunkMode: Type.Optional(ChunkMode),
  preview: Type.Optional(PreviewStreaming),
  progress: Type.Optional(Type.Object(progressKeys)),
  block: Type.Optional(BlockReplies),
}
const Streaming = Type.Object(streamingKeys)
/** Slack adds its native text streaming (`chat.startStream`…) and its progress card choices. */
const SlackStreaming = Type.Object({
  ...streamingKeys,
  progress: Type.Optional(Type.Object({
    ...progressKeys,
    style: Type.Optional(Type.Union([Type.Literal('card'), Type.Literal('compact')])),
    nativeTaskCards: Type.Optional(Type.Boolean()),
  })),
  nativeTransport: Type.Optional(Type.Boolean()),
})
/** Providers that cannot edit a sent message (WhatsApp, Signal, iMessage) split text and send blocks only. */
const MessageStreaming = Type.Object({ chunkMode: Type.Optional(ChunkMode), block: Type.Optional(BlockReplies) })
/**
 * Whether the agent's reply references the message it answers (a Telegram quote-reply, a Discord
 * reply, a Slack thread, a WhatsApp or Signal quote): never, on the first message of the reply, on
 * every message of it, or (`batched`) on the first message only when the question waited behind an
 * earlier turn, so an immediate answer is not quoted.
 */
export const ReplyToMode = Type.Union([Type.Literal('off'), Type.Literal('first'), Type.Literal('all'), Type.Literal('batched')])
export type ReplyToMode = Static<typeof ReplyToMode>

/**
 * How Markdown tables in a reply are shown (docs/concepts/markdown-formatting): `code` an aligned
 * table in a code block, `bullets` one bullet per cell, `off` left as typed; `block` (native
 * tables) is `code` here, as no provider we drive has native tables.
 */
const MarkdownSettings = Type.Object({
  tables: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('bullets'), Type.Literal('code'), Type.Literal('block')])),
})

/**
 * Edit-capable providers (Telegram, Discord) take the full `streaming` block and `replyToMode`, and,
 * as in the original, their own `ackReaction` emoji (`""` turns it off for the account; Slack too).
 */
const PreviewAccount = { streaming: Type.Optional(Streaming), replyToMode: Type.Optional(ReplyToMode), ackReaction: Type.Optional(Type.String()) }

/**
 * How many unmentioned group messages reach the model as context with the next mention
 * (`historyLimit`, `0` = none), and how many user turns of a DM session's transcript it sees
 * (`dmHistoryLimit`, overridden per sender under `dms.<id>.historyLimit`; unset or `0` = all).
 */
const HistoryLimit = Type.Integer({ minimum: 0 })
const HistoryAccount = {
  historyLimit: Type.Optional(HistoryLimit),
  dmHistoryLimit: Type.Optional(HistoryLimit),
  dms: Type.Optional(Type.Record(Type.String(), Type.Object({ historyLimit: Type.Optional(HistoryLimit) }))),
}

/** Keys every provider account understands. */
const CommonAccount = {
  enabled: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String()),
  dmPolicy: Type.Optional(DmPolicy),
  allowFrom: Type.Optional(Type.Array(Id)),
  groupPolicy: Type.Optional(GroupPolicy),
  allowBots: Type.Optional(Type.Boolean()),
  textChunkLimit: Type.Optional(Type.Integer({ minimum: 1 })),
  ...HistoryAccount,
  markdown: Type.Optional(MarkdownSettings),
}

const TelegramAccount = Type.Object({
  ...CommonAccount,
  ...PreviewAccount,
  botToken: Type.Optional(Type.String({ minLength: 1 })),
  tokenFile: Type.Optional(Type.String({ minLength: 1 })),
  apiRoot: Type.Optional(Type.String({ minLength: 1 })),
  /** `disableAudioPreflight`: a voice note in that group is not heard before its mention check (voice-preflight.ts). */
  groups: Type.Optional(Type.Record(Type.String(), Type.Composite([GroupEntry, Type.Object({ disableAudioPreflight: Type.Optional(Type.Boolean()) })]))),
  webhookUrl: Type.Optional(Type.String({ minLength: 1 })),
  webhookSecret: Type.Optional(Type.String({ minLength: 1 })),
  webhookPath: Type.Optional(Type.String({ pattern: '^/' })),
})

const SlackAccount = Type.Object({
  ...CommonAccount,
  streaming: Type.Optional(SlackStreaming),
  replyToMode: Type.Optional(ReplyToMode),
  ackReaction: Type.Optional(Type.String()),
  replyToModeByChatType: Type.Optional(Type.Object({ direct: Type.Optional(ReplyToMode), group: Type.Optional(ReplyToMode), channel: Type.Optional(ReplyToMode) })),
  mode: Type.Optional(Type.Union([Type.Literal('socket'), Type.Literal('http')])),
  botToken: Type.Optional(Type.String({ minLength: 1 })),
  appToken: Type.Optional(Type.String({ minLength: 1 })),
  signingSecret: Type.Optional(Type.String({ minLength: 1 })),
  webhookPath: Type.Optional(Type.String({ pattern: '^/' })),
  apiUrl: Type.Optional(Type.String({ minLength: 1 })),
  channels: Type.Optional(Type.Record(Type.String(), Type.Composite([GroupEntry, Type.Object({ replyToMode: Type.Optional(ReplyToMode) })]))),
})

const DiscordGuild = Type.Object({
  requireMention: Type.Optional(Type.Boolean()),
  channels: Type.Optional(Type.Record(Type.String(), GroupEntry)),
})

const DiscordAccount = Type.Object({
  ...CommonAccount,
  ...PreviewAccount,
  token: Type.Optional(Type.String({ minLength: 1 })),
  apiRoot: Type.Optional(Type.String({ minLength: 1 })),
  guilds: Type.Optional(Type.Record(Type.String(), DiscordGuild)),
})

/**
 * How broadly the account reacts (WhatsApp, Signal): `off` sends no automatic reaction (neither the
 * acknowledgement nor status reactions); the other levels keep them and differ only in the agent's
 * own reactions, which this gateway does not have (channels/accounts.ts warns about those two).
 */
const ReactionLevel = Type.Union([Type.Literal('off'), Type.Literal('ack'), Type.Literal('minimal'), Type.Literal('extensive')])

/** WhatsApp (Baileys): the linked session lives in `authDir` (default `<stateDir>/credentials/whatsapp/<accountId>`). */
const WhatsAppAccount = Type.Object({
  ...CommonAccount,
  reactionLevel: Type.Optional(ReactionLevel),
  streaming: Type.Optional(MessageStreaming),
  replyToMode: Type.Optional(ReplyToMode),
  authDir: Type.Optional(Type.String({ minLength: 1 })),
  sendReadReceipts: Type.Optional(Type.Boolean()),
  mediaMaxMb: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  groups: Type.Optional(Type.Record(Type.String(), GroupEntry)),
})

const SignalReceiveMode = Type.Union([Type.Literal('on-start'), Type.Literal('manual')])

/** The daemon an account talks to: one the gateway starts (`managed-native`) or one already running. */
const SignalTransport = Type.Object({
  kind: Type.Union([Type.Literal('managed-native'), Type.Literal('external-native')]),
  url: Type.Optional(Type.String({ minLength: 1 })),
  cliPath: Type.Optional(Type.String({ minLength: 1 })),
  configPath: Type.Optional(Type.String({ minLength: 1 })),
  httpHost: Type.Optional(Type.String({ minLength: 1 })),
  httpPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  startupTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 120_000 })),
  receiveMode: Type.Optional(SignalReceiveMode),
  ignoreStories: Type.Optional(Type.Boolean()),
})

const SignalAccount = Type.Object({
  ...CommonAccount,
  reactionLevel: Type.Optional(ReactionLevel),
  streaming: Type.Optional(MessageStreaming),
  replyToMode: Type.Optional(ReplyToMode),
  replyToModeByChatType: Type.Optional(Type.Object({ direct: Type.Optional(ReplyToMode), group: Type.Optional(ReplyToMode) })),
  account: Type.Optional(Type.String({ minLength: 1 })),
  accountUuid: Type.Optional(Type.String({ minLength: 1 })),
  transport: Type.Optional(SignalTransport),
  // The flat transport keys of earlier releases, still read when `transport` is absent.
  httpUrl: Type.Optional(Type.String({ minLength: 1 })),
  httpHost: Type.Optional(Type.String({ minLength: 1 })),
  httpPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  cliPath: Type.Optional(Type.String({ minLength: 1 })),
  configPath: Type.Optional(Type.String({ minLength: 1 })),
  autoStart: Type.Optional(Type.Boolean()),
  startupTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 120_000 })),
  receiveMode: Type.Optional(SignalReceiveMode),
  ignoreStories: Type.Optional(Type.Boolean()),
  ignoreAttachments: Type.Optional(Type.Boolean()),
  sendReadReceipts: Type.Optional(Type.Boolean()),
  groups: Type.Optional(Type.Record(Type.String(), GroupEntry)),
})

const IMessageAccount = Type.Object({
  ...CommonAccount,
  streaming: Type.Optional(MessageStreaming),
  cliPath: Type.Optional(Type.String({ minLength: 1 })),
  dbPath: Type.Optional(Type.String({ minLength: 1 })),
  service: Type.Optional(Type.Union([Type.Literal('imessage'), Type.Literal('sms'), Type.Literal('auto')])),
  region: Type.Optional(Type.String({ minLength: 2 })),
  includeAttachments: Type.Optional(Type.Boolean()),
  /** Folders inbound attachment files may be read from, beyond `/Users/*\/Library/Messages/Attachments` (`*` = one segment). */
  attachmentRoots: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  groups: Type.Optional(Type.Record(Type.String(), GroupEntry)),
})

const withAccounts = <T extends ReturnType<typeof Type.Object>>(account: T) =>
  Type.Composite([
    account,
    Type.Object({ defaultAccount: Type.Optional(Type.String()), accounts: Type.Optional(Type.Record(Type.String(), account)) }),
  ])

export const ChannelsConfig = Type.Object({
  telegram: Type.Optional(withAccounts(TelegramAccount)),
  slack: Type.Optional(withAccounts(SlackAccount)),
  discord: Type.Optional(withAccounts(DiscordAccount)),
  whatsapp: Type.Optional(withAccounts(WhatsAppAccount)),
  signal: Type.Optional(withAccounts(SignalAccount)),
  imessage: Type.Optional(withAccounts(IMessageAccount)),
})
export type ChannelsConfig = Static<typeof ChannelsConfig>
export type TelegramAccountConfig = Static<typeof TelegramAccount>
export type SlackAccountConfig = Static<typeof SlackAccount>
export type DiscordAccountConfig = Static<typeof DiscordAccount>
export type WhatsAppAccountConfig = Static<typeof WhatsAppAccount>
export type SignalAccountConfig = Static<typeof SignalAccount>
export type IMessageAccountConfig = Static<typeof IMessageAccount>
