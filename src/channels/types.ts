/**
 * The one channel interface. Each provider folder turns its SDK's world into these shapes; nothing
 * outside a provider folder ever sees a library type.
 */
import type { DmPolicy, GroupPolicy, ReplyToMode } from '../config/channels-schema.ts'
import type { StreamingSettings } from './streaming-settings.ts'
import type { MediaSource } from '../media/source.ts'
import type { TableMode } from './format/index.ts'

export type Provider = 'telegram' | 'slack' | 'discord' | 'whatsapp' | 'signal' | 'imessage'

/** `direct` = a one-to-one DM; `group` = a group chat; `channel` = a Slack channel or Discord guild channel. */
export type ChatKind = 'direct' | 'group' | 'channel'

/** What we know about a file in a message; the bytes are fetched only within `policy.attachments`. */
export interface Attachment {
  kind: 'image' | 'audio' | 'voice' | 'video' | 'document' | 'sticker' | 'other'
  id?: string
  name?: string
  mimeType?: string
  size?: number
  url?: string
  /** Where the provider's own program stored the file on this host (iMessage); read only inside its allowed roots. */
  path?: string
  /** Base64 bytes of an image the router downloaded for the model (never set by a normalizer). */
  data?: string
}

export interface InboundMessage {
  provider: Provider
  accountId: string
  messageId: string
  /**
   * `guildId`: the Discord server of a guild channel (group entries may be keyed `guild:<id>`);
   * `teamId`: the Slack workspace. Both are matched by `bindings`.
   */
  chat: { id: string; kind: ChatKind; title?: string; guildId?: string; teamId?: string }
  /** Slack thread ts, Discord thread channel, Telegram forum topic. */
  threadId?: string
  sender: { id: string; name?: string; username?: string; isBot: boolean; isSelf: boolean }
  text: string
  /** The bot was addressed explicitly: an @mention, or a reply to one of its messages. */
  mentioned: boolean
  replyToId?: string
  attachments: Attachment[]
  ts: number
  /** When the message was edited (Telegram `edited_message`): an edit is a delivery of its own. */
  editedAt?: number
}

/** A message's text as the provider is to show it (rendered from Markdown by `format/`). */
export interface OutboundText {
  text: string
  /** `text` is in markup the provider parses only when told to (Telegram's `parse_mode: HTML`). */
  markup?: boolean
  /** Signal's style ranges over `text`, as signal-cli takes them (`start:length:STYLE`). */
  textStyles?: string[]
}

export interface OutboundMessage extends OutboundText {
  /** A chat id in the provider's grammar (Telegram chat id; Slack `C…`/`user:U…`; Discord `channel:<id>`/`user:<id>`). */
  to: string
  threadId?: string
  replyToId?: string
  /** Delivered without a notification (Telegram `disable_notification`, Discord's suppress-notifications flag; the others have none). */
  silent?: boolean
  /** A file to send with `text` as its caption (adapters with `sendMedia` only). */
  mediaUrl?: string
}

interface SendReceipt {
  id: string
  chatId: string
}

/** What an adapter reports while it runs. */
export interface ChannelSink {
  /**
   * Hands a message in. Resolves true once the provider may be told it arrived (it is on disk, or it
   * needs no answer): adapters confirm an offset or ack only then. False: it could not be kept (a full
   * disk); leave it unconfirmed so the provider delivers it again. Never rejects.
   */
  message(msg: InboundMessage): Promise<boolean>
  connected(): void
  disconnected(reason: string): void
  /** The SDK failed outside any call we made (a throw from its own callback): the account restarts with backoff. */
  fault(err: unknown, where: string): void
  /** An inbound item could not be read (malformed upstream data): it is dropped and counted; the account keeps running. */
  dropped(what: string, err: unknown): void
  /**
   * Where the account resumes reading after a restart, for a provider that leaves it to the client
   * (iMessage's last row id), kept in the gateway's database. Save a value only once every message
   * before it was accepted (`message` resolved true).
   */
  cursor: { read(): string | undefined; save(value: string): void }
}

/** A route on the gateway's own HTTP port (webhook transports). */
interface ChannelHttpRoute {
  path: string
  handle(req: Request): Promise<Response>
}

export interface ChannelAdapter {
  readonly provider: Provider
  readonly accountId: string
  /** The provider's maximum message length; replies are split to it. */
  readonly textLimit: number
  /** Minimum spacing between two messages to one chat (0 = none). */
  readonly perChatIntervalMs: number
  /**
   * Minimum spacing between two edits of one preview message: the provider's edit rate limit
   * (edits to one chat also keep `perChatIntervalMs`). Set by adapters that can `edit`.
   */
  readonly editIntervalMs?: number
  /**
   * A reply reference opens a thread (Slack: `thread_ts`). With `replyToMode` on, a group message
   * the agent answers then starts its own thread session, which the thread's later messages share.
   */
  readonly replyStartsThread?: boolean
  /**
   * Runs the inbound side until `signal` aborts (resolves) or the connection fails (rejects; the
   * manager retries with backoff). May be called again after it settles.
   */
  start(sink: ChannelSink, signal: AbortSignal): Promise<void>
  send(msg: OutboundMessage): Promise<SendReceipt>
  /** Replaces the text of a message this account sent (live previews). */
  edit?(chatId: string, messageId: string, body: OutboundText): Promise<void>
  /** Deletes a message this account sent (a progress draft once the answer is out). */
  remove?(chatId: string, messageId: string): Promise<void>
  /** The provider's own streamed message (Slack: chat.startStream / appendStream / stopStream), in a thread. */
  readonly nativeStream?: NativeStream
  /** Sends `msg.mediaUrl` (fetched within the account's media limit) with `msg.text` as caption. */
  sendMedia?(msg: OutboundMessage & { mediaUrl: string }): Promise<SendReceipt>
  /**
   * Where an inbound attachment's bytes can be fetched (a URL and any auth headers), or undefined.
   * The router downloads images through it within `policy.attachments.maxImageBytes`.
   */
  mediaSource?(attachment: Attachment): Promise<MediaSource | undefined>
  /** Shows "typing…" in a chat where the provider has it. */
  sendTyping?(chatId: string, threadId?: string): Promise<void>
  /** The provider's own status line under a thread while the agent works (Slack's assistant thread status); `''` clears it. */
  threadStatus?(chatId: string, threadId: string, status: string): Promise<void>
  /** Adds this account's `emoji` reaction to an inbound message, or with `remove` takes it back (acknowledgements). */
  react?(msg: InboundMessage, emoji: string, remove: boolean): Promise<void>
  /** The account has one reaction on a message, which a new one replaces (Telegram, WhatsApp, Signal); else they add up. */
  readonly reactionReplaces?: boolean
  /** Marks an admitted message as read where the provider has receipts (and the account wants them). */
  markRead?(msg: InboundMessage): Promise<void>
  /** Releases the SDK client (sockets, timers). */
  stop(): Promise<void>
  /** Forgets the provider session (e.g. deletes a Telegram webhook). */
  logout?(): Promise<void>
  readonly http?: ChannelHttpRoute
  /** QR linking (WhatsApp Web): `web.login.start` / `web.login.wait` and `openclaw channels login`. */
  readonly qrLogin?: QrLogin
  /** Provider-specific fields for this account's `channels.status` snapshot (e.g. `linked`, `qr`). */
  statusDetails?(): Record<string, unknown>
}

/** A message the provider streams itself: started with text, then only appended to, then stopped. */
export interface NativeStream {
  start(to: string, threadId: string, text: string, recipient?: { userId: string; teamId?: string }): Promise<SendReceipt>
  append(chatId: string, messageId: string, text: string): Promise<void>
  /** Closes the message, appending `text` first when it is not empty. */
  stop(chatId: string, messageId: string, text: string): Promise<void>
}

export interface QrLoginResult {
  connected: boolean
  message: string
  /** The raw QR payload (for terminal rendering) and the same as a PNG data URL (for the Control UI). */
  qr?: string
  qrDataUrl?: string
  /** Linking stopped (QR expired, session refused); a new `start` is needed. */
  error?: string
}

export interface QrLogin {
  /** Begins linking (`force` drops an existing session first) and returns the first QR, or `connected`. */
  start(opts: { force?: boolean; timeoutMs?: number }): Promise<QrLoginResult>
  /** Resolves when linked, when the QR rotates (differs from `currentQrDataUrl`), or at the timeout. */
  wait(opts: { timeoutMs?: number; currentQrDataUrl?: string }): Promise<QrLoginResult>
}

/** Settings the router applies to every provider's account. */
export interface AccountPolicy {
  dmPolicy: DmPolicy
  allowFrom: string[]
  groupPolicy: GroupPolicy
  allowBots: boolean
  /**
   * Group id → whether it is allowed, whether it needs a mention (`*` = every group), (Slack) its own
   * `replyToMode`, and (Telegram) whether its voice notes skip the mention preflight.
   */
  groups: Record<string, { enabled?: boolean; requireMention?: boolean; replyToMode?: ReplyToMode; disableAudioPreflight?: boolean }>
}

/** One configured account, resolved from config + env. Credentials stay opaque to the framework. */
export interface ResolvedAccount<C = unknown> {
  provider: Provider
  accountId: string
  name?: string
  enabled: boolean
  /** Why the account cannot start (missing token…), or undefined when it can. */
  missing?: string
  /** Keys the config sets that do nothing for this account; logged once at load. */
  warnings?: string[]
  policy: AccountPolicy
  textChunkLimit?: number
  /** How a reply is previewed while it is written, and where long text is split. */
  streaming: StreamingSettings
  /** Which messages of a reply reference the message they answer, per chat kind (`replyToModeByChatType`) or by default. */
  replyToMode: ReplyToModes
  /** `historyLimit`, `dmHistoryLimit` and `dms.<id>.historyLimit` as the account sets them (defaults: chat-history.ts). */
  history: { limit?: number; dmLimit?: number; dms: Record<string, number> }
  /** The account's own `ackReaction` (Telegram, Slack, Discord); `""` = none. */
  ackReaction?: string
  /** `reactionLevel: "off"` (WhatsApp, Signal): no acknowledgement or status reactions. */
  reactionsOff?: boolean
  /** How Markdown tables are shown (`markdown.tables`). */
  tables: TableMode
  settings: C
}


export type ReplyToModes = { default: ReplyToMode } & Partial<Record<ChatKind, ReplyToMode>>

export type ChannelFactory<C = unknown> = (account: ResolvedAccount<C>) => ChannelAdapter

/**
 * The agent as the channels see it: a chat command answered at once, or one turn in, one reply out.
 * The gateway injects the real agent; channels never import it.
 */
export interface AgentPort {
  /** A chat command's result (`/new`, `/stop`, `/status`…), or undefined when the text is not one. */
  command(text: string, ctx: CommandInput): { reply?: string; then?: string; clearsQueue?: true } | undefined
  /** `stopped`: the turn was aborted (`/stop`); `text` is what it had said until then. */
  runTurn(input: AgentTurnInput): Promise<{ text: string; stopped: boolean }>
  /** Aborts one run of the session (`messages.queue.mode: "interrupt"`). */
  abort(sessionKey: string, runId: string): void
}

interface CommandInput {
  sessionKey: string
  channel: string
  accountId: string
  sender: { id: string; name?: string; username?: string }
}

interface AgentTurnInput {
  sessionKey: string
  message: string
  channel: string
  accountId: string
  /** Where the reply goes (the chat id). */
  to: string
  /** The same for the same message (see channels/delivery.ts). */
  runId?: string
  /** The message is answered again after a restart: what its unfinished first attempt wrote is dropped first. */
  retry?: boolean
  senderId?: string
  senderName?: string
  threadId?: string
  attachments?: Attachment[]
  /** Earlier user turns of the session the model sees (`dmHistoryLimit`); all when unset. */
  historyTurns?: number
  /** Follows the run as it happens (live previews). */
  listener?: TurnListener
  /** Messages that arrived for the session meanwhile, taken in at the run's next model call (`messages.queue.mode: "steer"`). */
  steer?: TurnSteering
}

interface TurnSteering {
  /** Something waits to be taken. */
  waiting(): boolean
  /** Takes what waits, one text per message; the run's reply answers them too. */
  take(): string[]
}

interface TurnListener {
  /** `text` is everything the run has said so far. */
  onText?(delta: string, text: string): void
  onToolStart?(name: string, args: Record<string, unknown>): void
}

/** Outbound delivery for the agent's "send a message" tool: the same path as the `send` method. */
export interface OutboundPort {
  send(input: { channel?: string; accountId?: string; to: string; message: string; threadId?: string; replyToId?: string; silent?: boolean; mediaUrl?: string }): Promise<{
    messageId: string
    channel: Provider
    accountId: string
    chatId: string
  }>
}
