/**
 * Every configured channel account: starts them, routes their inbound messages, delivers outbound
 * messages (split and paced), answers `channels.*` and contributes to `health`. A provider that fails
 * is retried in the background and reported; nothing here may crash the gateway.
 */
import { isDeepStrictEqual } from 'node:util'
import type { ChannelsConfig } from '../config/channels-schema.ts'
import type { MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import type { HealthSnapshot } from '../protocol/index.ts'
import { GatewayError } from '../protocol/index.ts'
import { httpError } from '../http/http-error.ts'
import type { ChannelCursorStore } from '../store/channel-cursor-store.ts'
import type { ChannelInboxStore } from '../store/channel-inbox-store.ts'
import type { ChannelPairingStore } from '../store/channel-pairing-store.ts'
import type { GroupHistoryStore } from '../store/group-history-store.ts'
import { storageFailure } from '../store/storage-errors.ts'
import { resolveAck } from './ack-reaction.ts'
import { createGroupHistory, dmHistoryTurns, groupHistoryLimit } from './chat-history.ts'
import { pickDefaultAccount } from './accounts.ts'
import { AccountRuntime } from './account-runtime.ts'
import { createBlockReplies } from './block-replies.ts'
import { deliveryKey } from './delivery.ts'
import { describeError } from './errors.ts'
import type { ChunkMode } from '../config/channels-schema.ts'
import { renderReply, type RenderedText } from './format/index.ts'
import { withPlainFallback } from './format/plain-fallback.ts'
import { createLivePreview } from './live-preview.ts'
import { mentionPatterns, type MentionSource } from './mention-patterns.ts'
import { editedChat, nativeStreamChat } from './preview-chat.ts'
import { isProvider, PROVIDER_ORDER, PROVIDERS, resolveAllAccounts } from './registry.ts'
import { createRouter, type RouteTarget, type RouterDeps } from './router.ts'
import { buildChannelsStatus, type ChannelsStatus } from './status.ts'
import type { AgentPort, ChannelAdapter, ChannelFactory, InboundMessage, OutboundMessage, OutboundPort, Provider, QrLogin, ResolvedAccount } from './types.ts'

const STOP_GRACE_MS = 2000
const log = logger('channels')

export interface ChannelManagerDeps {
  channels: ChannelsConfig
  env: Record<string, string | undefined>
  /** Where providers keep their own state (the WhatsApp session); defaults from `env`. */
  stateDir?: string
  pairing: ChannelPairingStore
  /** Admitted messages, kept until answered (confirmed to their provider only once kept). */
  inbox: ChannelInboxStore
  /** Each account's resume point on a provider that leaves it to us (iMessage). */
  cursors: ChannelCursorStore
  /** Read at each turn, so the agent may be wired in after the channels start. */
  agent: () => AgentPort | undefined
  /** Which agent and session an admitted message belongs to (bindings, dmScope). */
  route: RouterDeps['route']
  /** How voice notes are transcribed, read at each message (`tools.media.audio`). */
  audio: RouterDeps['audio']
  /** `messages.*` in force, read at each message (ack reactions, the group history default, the queue and inbound debounce). */
  messages: () => MessagesConfig
  /** An agent's identity (its emoji is the acknowledgement when no `ackReaction` is set) and mention patterns. */
  agentProfile: (agentId: string) => MentionSource | undefined
  /** Where unanswered group messages wait for the next mention. */
  groupHistory: GroupHistoryStore
  /** Called when an account connects, drops or stops (the gateway refreshes `health`). */
  onChange?: () => void
  /** Adapter factories used instead of the providers' own (tests). */
  factories?: Partial<Record<Provider, ChannelFactory<any>>>
}

export function createChannelManager(deps: ChannelManagerDeps) {
  /** Messages this process kept (or recovered): marked answered once routed. A redelivery kept nothing and marks nothing. */
  const kept = new WeakSet<InboundMessage>()
  const inbox = {
    keep: (msg: InboundMessage) => deps.inbox.keep(accountKey(msg), deliveryKey(msg), msg) && (kept.add(msg), true),
    durable: () => deps.inbox.durable(),
    acknowledged: (msg: InboundMessage) => deps.inbox.acknowledged(accountKey(msg), deliveryKey(msg)),
  }
  const router = createRouter({ pairing: deps.pairing, agent: deps.agent, route: deps.route, inbox, audio: deps.audio, messages: deps.messages, history: createGroupHistory(deps.groupHistory) })
  const runtimes = new Map<string, AccountRuntime>()
  const inFlight = new Set<Promise<void>>()
  let channels = deps.channels

  /**
   * Messages being routed now (account key, delivery key → how many routings), so a retry pass does not
   * route them twice. Counted: a redelivery that ends at once must not clear the entry of a turn still running.
   */
  const routing = new Map<string, number>()

  /** Routes one message; resolves true once its provider may be told it arrived, false when it could not be kept. */
  function inbound(from: AccountRuntime, msg: InboundMessage, recovered = false, acknowledged = false): Promise<boolean> {
    if (recovered) kept.add(msg)
    const id = `${accountKey(msg)}\n${deliveryKey(msg)}`
    routing.set(id, (routing.get(id) ?? 0) + 1)
    let accept!: (confirm: boolean) => void
    const accepted = new Promise<boolean>((resolve) => (accept = resolve))
    const done = router.route(msg, routeTarget(from), { accepted: () => accept(true), recovered, acknowledged }).then((outcome) => (accept(true), outcome), (err) => {
      // Not on disk: the provider is not told, so it delivers the message again. Any other failure (the
      // pairing store on a full disk) drops this message, counted on the account.
      accept(!storageFailure(err))
      from.dropped(`a message from ${msg.sender.id}`, err)
      return 'done' as const
    }).then((outcome) => {
      const left = routing.get(id)! - 1
      if (left > 0) routing.set(id, left)
      else routing.delete(id)
      // `later` stays in the inbox, unanswered: tried again when the account next connects (this run or the next).
      try {
        if (outcome === 'done' && kept.has(msg)) deps.inbox.answered(accountKey(msg), deliveryKey(msg))
      } catch (err) {
        from.dropped(`the answered mark of a message from ${msg.sender.id}`, err)
      }
      // The account came back while this one was still being let go (its connect skipped it): now, then.
      const current = runtimes.get(from.key)
      if (outcome === 'later' && current?.status.connected && deps.agent()) retryKept(current)
    })
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
    return accepted
  }

  /** Answers what the account kept but has not answered (left for later, or from before a restart), oldest first. */
  function retryKept(rt: AccountRuntime): void {
    let pending: { message: unknown; acknowledged: boolean }[]
    try {
      pending = deps.inbox.pending(rt.key)
    } catch (err) {
      return void log.warn(`${rt.key}: could not read the messages kept for a later answer: ${describeError(err)}`)
    }
    for (const { message, acknowledged } of pending) {
      const msg = message as InboundMessage
      if (!routing.has(`${rt.key}\n${deliveryKey(msg)}`)) void inbound(rt, msg, true, acknowledged)
    }
  }
  const hooks = { inbound, changed: () => deps.onChange?.(), connected: retryKept, cursor: deps.cursors }
  const createRuntime = (account: ResolvedAccount) => {
    // Keys that do nothing for this account are said once, when its config is (re)loaded.
    for (const warning of account.warnings ?? []) log.warn(`config: channels.${account.provider} account "${account.accountId}": ${warning}`)
    return new AccountRuntime(account, hooks, deps.factories?.[account.provider])
  }
  for (const account of resolveAllAccounts(channels, deps.env, deps.stateDir)) {
    const rt = createRuntime(account)
    runtimes.set(rt.key, rt)
  }

  /**
   * Applies an edited `channels` block: an added account starts, a removed one stops, one whose
   * connection settings changed restarts, and one where only policy (dmPolicy, allowFrom, groups…)
   * changed keeps its connection and uses the new policy from its next message. Others are untouched.
   */
  async function reconcile(next: ChannelsConfig): Promise<{ started: string[]; stopped: string[]; restarted: string[]; updated: string[] }> {
    channels = next
    const result = { started: [] as string[], stopped: [] as string[], restarted: [] as string[], updated: [] as string[] }
    const wanted = new Map(resolveAllAccounts(next, deps.env, deps.stateDir).map((a) => [`${a.provider}:${a.accountId}`, a]))
    const work: Promise<void>[] = []
    for (const [key, rt] of runtimes) {
      if (wanted.has(key)) continue
      runtimes.delete(key)
      result.stopped.push(key)
      work.push(rt.stop())
    }
    for (const [key, account] of wanted) {
      const rt = runtimes.get(key)
      const runnable = account.enabled && !account.missing
      if (!rt) {
        const created = createRuntime(account)
        runtimes.set(key, created)
        if (runnable) (created.start(), result.started.push(key))
        continue
      }
      const same = (a: ResolvedAccount) => [a.enabled, a.missing, a.settings]
      if (isDeepStrictEqual(same(rt.account), same(account))) {
        if (!isDeepStrictEqual(rt.account, account)) (rt.account = account, result.updated.push(key))
        continue
      }
      const replacement = createRuntime(account)
      runtimes.set(key, replacement)
      work.push(rt.stop().then(() => void (runnable && replacement.start())))
      result[runnable ? 'restarted' : 'stopped'].push(key)
    }
    await Promise.all(work)
    for (const [verb, keys] of Object.entries(result)) if (keys.length) log.info(`config: ${verb} ${keys.join(', ')}`)
    deps.onChange?.()
    return result
  }

  function routeTarget(from: AccountRuntime): RouteTarget {
    // Whatever goes out uses the account's runtime at that moment: a reply due after a restart (a
    // config edit) goes through the new connection, not the one the message came in on.
    const live = () => runtimes.get(from.key) ?? from
    return {
      policy: from.account.policy,
      defaultAccountId: defaultAccountOf(from.account.provider) ?? from.account.accountId,
      reply: async (chatId, text, where) => void (await deliver(live(), { to: chatId, text, threadId: where?.threadId }, where?.replyTo)),
      connected: () => live().status.connected,
      replyToMode: from.account.replyToMode,
      replyStartsThread: from.loaded?.replyStartsThread ?? false,
      typing: async (chatId, threadId) => (await live().adapter()).sendTyping?.(chatId, threadId),
      ...(from.loaded?.threadStatus && { threadStatus: async (chatId, threadId, status) => (await live().adapter()).threadStatus?.(chatId, threadId, status) }),
      read: async (msg) => (await live().adapter()).markRead?.(msg),
      mediaSource: async (a) => (await live().adapter()).mediaSource?.(a),
      groupHistoryLimit: groupHistoryLimit(from.account, deps.messages()),
      dmHistoryTurns: (senderId) => dmHistoryTurns(from.account, senderId),
      ack: (agentId) => resolveAck(from.account, deps.messages(), deps.agentProfile(agentId)?.identity.emoji),
      mentionPatterns: (agentId) => mentionPatterns(deps.messages(), deps.agentProfile(agentId)),
      ...(from.loaded?.react && { react: async (msg, emoji, remove) => (await live().adapter()).react!(msg, emoji, remove) }),
      reactionReplaces: from.loaded?.reactionReplaces ?? false,
      preview: async (chatId, where) => {
        const rt = live()
        const adapter = await rt.adapter()
        const { streaming } = rt.account
        // Block replies take precedence over a preview (the original's `streaming.block.enabled`).
        if (streaming.block.enabled) return createBlockReplies((text) => deliver(rt, { to: chatId, text, threadId: where.threadId }, where.replyTo).then(() => undefined), streaming.block)
        if (streaming.mode === 'off' || !adapter.edit || !adapter.remove) return undefined
        // Preview calls share the chat's pace with every other message to it.
        const paced = <T>(send: (a: ChannelAdapter) => Promise<T>) => rt.paced(chatId, send)
        const place = { chatId, ...where }
        const native = streaming.mode === 'partial' && streaming.nativeTransport && adapter.nativeStream
        const chat = native ? nativeStreamChat(paced, native, place) : editedChat(paced, place)
        return createLivePreview(chat, { streaming, render: (markdown, chunkMode) => render(rt, adapter, markdown, chunkMode), editIntervalMs: adapter.editIntervalMs ?? adapter.perChatIntervalMs })
      },
    }
  }

  /** The account's Markdown in its provider's format, one entry per message. */
  function render(rt: AccountRuntime, adapter: ChannelAdapter, markdown: string, chunkMode: ChunkMode = rt.account.streaming.chunkMode) {
    const limit = Math.min(adapter.textLimit, rt.account.textChunkLimit ?? Infinity)
    return renderReply(rt.account.provider, markdown, { limit, chunkMode, tables: rt.account.tables })
  }

  /** `replyTo` names the message each part references (an agent reply under `replyToMode`); `out.replyToId` applies to all. */
  async function deliver(rt: AccountRuntime, out: OutboundMessage, replyTo?: () => string | undefined) {
    return sendPieces(rt, out, render(rt, await rt.adapter(), out.text), replyTo)
  }

  /** Each rendered piece of `out.text` as a message of its own, in order. */
  async function sendPieces(rt: AccountRuntime, out: OutboundMessage, pieces: RenderedText[], replyTo?: () => string | undefined) {
    const receipts = []
    for (const body of pieces) {
      receipts.push(await rt.paced(out.to, (a) => {
        const replyToId = out.replyToId ?? replyTo?.()
        return withPlainFallback(body, (b) => a.send({ ...out, ...b, replyToId }))
      }))
    }
    return receipts
  }

  function accountsOf(provider: Provider): AccountRuntime[] {
    return [...runtimes.values()].filter((rt) => rt.account.provider === provider)
  }

  /** The provider's `defaultAccount`, or its first account, under the config in force (edits included). */
  function defaultAccountOf(provider: Provider): string | undefined {
    return pickDefaultAccount(accountsOf(provider).map((rt) => rt.account.accountId), channels[provider]?.defaultAccount)
  }

  /** The account a request names, or the provider's default one. */
  function resolve(channel: string | undefined, accountId: string | undefined): AccountRuntime {
    const configured = PROVIDER_ORDER.filter((p) => accountsOf(p).length > 0)
    const provider = channel ?? (configured.length === 1 ? configured[0] : undefined)
    if (!provider) {
      throw new GatewayError('INVALID_REQUEST', configured.length === 0 ? 'no channel is configured' : `channel is required (configured: ${configured.join(', ')})`, { code: 'CHANNEL_REQUIRED' })
    }
    if (!isProvider(provider) || accountsOf(provider).length === 0) {
      throw new GatewayError('INVALID_REQUEST', `channel not configured: ${provider}`, { code: 'CHANNEL_NOT_CONFIGURED', channel: provider })
    }
    const id = accountId ?? defaultAccountOf(provider)
    const rt = runtimes.get(`${provider}:${id}`)
    if (!rt) throw new GatewayError('INVALID_REQUEST', `unknown ${provider} account: ${id}`, { code: 'CHANNEL_NOT_CONFIGURED', channel: provider, accountId: id })
    if (rt.account.missing) {
      throw new GatewayError('INVALID_REQUEST', `${provider}/${id} is not configured: ${rt.account.missing}`, { code: 'CHANNEL_NOT_CONFIGURED', channel: provider, accountId: id })
    }
    return rt
  }

  function selection(channel: string, accountId: string | undefined): AccountRuntime[] {
    return accountId ? [resolve(channel, accountId)] : (resolve(channel, undefined), accountsOf(channel as Provider).filter((rt) => !rt.account.missing))
  }

  /** The file first (captioned when the text fits one message), then any text that did not fit. */
  async function deliverMedia(rt: AccountRuntime, out: OutboundMessage & { mediaUrl: string }) {
    const adapter = await rt.adapter()
    if (!adapter.sendMedia) throw new GatewayError('INVALID_REQUEST', `${rt.account.provider} cannot send media yet`, { code: 'UNSUPPORTED' })
    const caption = render(rt, adapter, out.text)
    const fits = caption.length <= 1
    const body = caption[0] && fits ? caption[0] : { text: '', plain: '' }
    const first = await rt.paced(out.to, (a) => withPlainFallback(body, (b) => a.sendMedia!({ ...out, ...b })))
    return fits ? [first] : [first, ...(await sendPieces(rt, { ...out, mediaUrl: undefined }, caption))]
  }

  const send: OutboundPort['send'] = async (input) => {
    const rt = resolve(input.channel, input.accountId)
    const out = { to: input.to, text: input.message, threadId: input.threadId, replyToId: input.replyToId, ...(input.silent && { silent: true }) }
    const receipts = input.mediaUrl ? await deliverMedia(rt, { ...out, mediaUrl: input.mediaUrl }) : await deliver(rt, out)
    if (receipts.length === 0) throw new GatewayError('INVALID_REQUEST', 'message is empty')
    return { messageId: receipts[0]!.id, channel: rt.account.provider, accountId: rt.account.accountId, chatId: receipts[0]!.chatId }
  }

  return {
    send,
    resolve,
    reconcile,
    /** Starts every runnable account; each answers what it kept but had not answered once it connects. */
    startAll(): void {
      for (const rt of runtimes.values()) if (rt.account.enabled && !rt.account.missing) rt.start()
    },
    start(channel: string, accountId?: string): string[] {
      return selection(channel, accountId).map((rt) => (rt.start(), rt.account.accountId))
    },
    async stop(channel: string, accountId?: string): Promise<string[]> {
      const picked = selection(channel, accountId)
      await Promise.all(picked.map((rt) => rt.stop()))
      return picked.map((rt) => rt.account.accountId)
    },
    async logout(channel: string, accountId?: string): Promise<{ accountId: string; loggedOut: boolean }[]> {
      return Promise.all(selection(channel, accountId).map(async (rt) => {
        // Logout first, while a session is still up to tell the provider (WhatsApp unlinks the device).
        const adapter = await rt.adapter()
        await adapter.logout?.()
        await rt.stop()
        return { accountId: rt.account.accountId, loggedOut: adapter.logout !== undefined }
      }))
    },
    /** The account's QR login (WhatsApp), with its runtime started so the login can proceed. */
    async qrLogin(channel: string | undefined, accountId: string | undefined): Promise<QrLogin> {
      const rt = resolve(channel ?? 'whatsapp', accountId)
      const adapter = await rt.adapter()
      if (!adapter.qrLogin) throw new GatewayError('INVALID_REQUEST', `web login is not supported by provider ${rt.account.provider}`, { code: 'UNSUPPORTED' })
      rt.start()
      return adapter.qrLogin
    },
    async stopAll(): Promise<void> {
      router.release()
      await Promise.all([...runtimes.values()].map((rt) => rt.stop()))
      // The agent runtime stopped before this: its turns were cut short, and those queued behind them
      // do not start; each is left in the inbox for the next start. Their routes get a moment to settle
      // (the outcome recorded before the store closes); shutdown does not wait on them longer.
      await Promise.race([Promise.all(inFlight), Bun.sleep(STOP_GRACE_MS)])
    },
    status: (): ChannelsStatus => buildChannelsStatus([...runtimes.values()], channels),
    health(): Partial<HealthSnapshot> {
      const s = buildChannelsStatus([...runtimes.values()], channels)
      return { channels: s.channels, channelOrder: s.channelOrder, channelLabels: s.channelLabels }
    },
    /** Webhook transports on the gateway's port; undefined when no account owns the path. */
    async handleHttp(req: Request, url: URL): Promise<Response | undefined> {
      for (const rt of runtimes.values()) {
        const route = rt.loaded?.http
        if (!route || route.path !== url.pathname) continue
        if (!rt.status.running) return httpError(503, 'channel account is stopped')
        return route.handle(req)
      }
      return undefined
    },
    /** Accounts whose DMs use pairing (for `pairing.list`). */
    pairingAccounts() {
      return [...runtimes.values()].filter((rt) => rt.account.policy.dmPolicy === 'pairing')
        .map((rt) => ({ channel: rt.account.provider, channelLabel: PROVIDERS[rt.account.provider].label, accountId: rt.account.accountId, accountLabel: rt.account.name }))
    },
  }
}

export type ChannelManager = ReturnType<typeof createChannelManager>

const accountKey = (msg: InboundMessage) => `${msg.provider}:${msg.accountId}`
