/**
 * Signal through signal-cli's JSON-RPC HTTP daemon: inbound from the SSE stream at `/api/v1/events`,
 * outbound with `send`, `sendTyping` and `sendReceipt` on `/api/v1/rpc`. With a managed transport the
 * daemon is started (and, when it dies, restarted by the caller's backoff) here. Replayed events after
 * a reconnect (`Last-Event-ID`) are deduplicated.
 */
import { logger } from '../../log.ts'
import { GatewayError } from '../../protocol/index.ts'
import { channelError } from '../errors.ts'
import { createRecent } from '../recent.ts'
import type { ChannelAdapter, ChannelSink, InboundMessage, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { SignalSettings } from './accounts.ts'
import { createSignalDaemon } from './daemon.ts'
import { normalizeSignalEvent, type SignalReceiveEvent } from './normalize.ts'
import { createSignalRpc } from './rpc.ts'
import { createSseParser } from '../../http/sse-parser.ts'
import { parseSignalTarget } from './targets.ts'

const log = logger('signal')
/** signal-cli writes a keep-alive every 15 s; a stream silent for much longer is dead. */
const STREAM_IDLE_MS = 60_000
/** How long a dropped event stream waits for our own daemon's exit to explain it. */
const DAEMON_EXIT_GRACE_MS = 1000

interface SendResult {
  timestamp?: number
  results?: { type?: string }[]
}

/** The message as text only; one that was nothing but attachments is dropped. */
function withoutAttachments(msg: InboundMessage): InboundMessage | undefined {
  if (!msg.attachments?.length) return msg
  return msg.text.trim() ? { ...msg, attachments: [] } : undefined
}

export function createSignalAdapter(account: ResolvedAccount<SignalSettings>): ChannelAdapter {
  const s = account.settings
  // Every call names the account: a multi-account daemon acts as that number, or refuses the call.
  const rpc = createSignalRpc(s.baseUrl, s.account)
  const daemon = s.daemon && createSignalDaemon(s.daemon, s.account!, s.baseUrl)
  const me = { accountId: account.accountId, account: s.account, accountUuid: s.accountUuid }
  // Inbound timestamps → their author, so that a reply can quote the message it answers.
  const authors = createRecent<string>(500)
  const seen = createRecent<true>(1000)
  let lastEventId: string | undefined

  function accept(sink: ChannelSink, data: string): void {
    let event: SignalReceiveEvent | null
    let normalized
    try {
      event = JSON.parse(data) as SignalReceiveEvent | null
      normalized = normalizeSignalEvent(event as SignalReceiveEvent, me)
    } catch (err) {
      // One unreadable event is dropped; the stream and the account go on.
      sink.dropped('an event it could not read', err)
      return
    }
    // A daemon reporting another number's messages would send our replies from that number too (one
    // started for a single number ignores the `account` we name): the stream is refused instead.
    const served = event?.account
    if (s.account && typeof served === 'string' && served !== s.account) throw new Error(`the daemon at ${s.baseUrl} serves ${served}, not ${s.account}`)
    // ignoreAttachments: a managed daemon is also told not to download them; an external one is not.
    const msg = normalized && s.ignoreAttachments ? withoutAttachments(normalized) : normalized
    if (!msg) return
    const key = `${msg.sender.id}:${msg.messageId}`
    if (seen.has(key)) return
    seen.set(key, true)
    authors.set(msg.messageId, msg.sender.id)
    sink.message(msg)
  }

  async function stream(sink: ChannelSink, signal: AbortSignal, daemonExit: Promise<string> | undefined): Promise<never> {
    const local = new AbortController()
    let failure: string | undefined
    const fail = (reason: string) => {
      failure ??= reason
      local.abort()
    }
    void daemonExit?.then(fail)
    let idle = setTimeout(() => fail('no data from signal-cli for 60 s'), STREAM_IDLE_MS)
    try {
      const query = s.account ? `?account=${encodeURIComponent(s.account)}` : ''
      const res = await fetch(`${s.baseUrl}/api/v1/events${query}`, {
        headers: { accept: 'text/event-stream', ...(lastEventId && { 'last-event-id': lastEventId }) },
        signal: AbortSignal.any([signal, local.signal]),
      })
      if (!res.ok || !res.body) throw channelError('signal', 'events', { reason: `HTTP ${res.status}`, status: res.status })
      sink.connected()
      const parser = createSseParser((e) => {
        if (e.event === 'receive') accept(sink, e.data)
      })
      for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
        clearTimeout(idle)
        idle = setTimeout(() => fail('no data from signal-cli for 60 s'), STREAM_IDLE_MS)
        try {
          parser.push(chunk)
        } catch (err) {
          throw channelError('signal', 'events', { reason: (err as Error).message }, err)
        }
        lastEventId = parser.lastEventId ?? lastEventId
      }
      throw channelError('signal', 'events', { reason: failure ?? 'signal-cli closed the event stream' })
    } catch (err) {
      if (signal.aborted) throw err
      // Our daemon dying drops the stream first; its exit, a moment later, is the real reason.
      failure ??= daemonExit && !(err instanceof GatewayError) ? await Promise.race([daemonExit, Bun.sleep(DAEMON_EXIT_GRACE_MS).then(() => undefined)]) : undefined
      if (failure) throw channelError('signal', 'events', { reason: failure }, err)
      if (err instanceof GatewayError) throw err
      throw channelError('signal', 'events', { reason: `network error: ${(err as Error).message}` }, err)
    } finally {
      clearTimeout(idle)
    }
  }

  async function send(out: OutboundMessage, quote: boolean): Promise<SendResult | undefined> {
    const target = parseSignalTarget(out.to)
    const { chatId: _chat, ...address } = target
    const author = quote && out.replyToId ? authors.get(out.replyToId) : undefined
    return rpc<SendResult>('send', {
      ...address,
      message: out.text,
      ...(out.textStyles?.length && { textStyle: out.textStyles }),
      ...(author && { quoteTimestamp: Number(out.replyToId), quoteAuthor: author.replace(/^uuid:/, '') }),
    })
  }

  return {
    provider: 'signal',
    accountId: account.accountId,
    textLimit: 4000,
    perChatIntervalMs: 0,
    async start(sink, signal) {
      try {
        const running = daemon ? await daemon.ensure(signal) : {}
        if (signal.aborted) return
        await stream(sink, signal, running.exited)
      } catch (err) {
        if (!signal.aborted) throw err
      }
    },
    async send(out) {
      let result: SendResult | undefined
      try {
        result = await send(out, true)
      } catch (err) {
        // A quote the daemon refuses (unknown message, wrong author) must not lose the reply itself.
        if (!out.replyToId || !authors.get(out.replyToId)) throw err
        log.warn(`${account.accountId}: quoted send failed, sending without the quote`)
        result = await send(out, false)
      }
      const failed = result?.results?.length && result.results.every((r) => r?.type && r.type !== 'SUCCESS')
      if (failed) throw channelError('signal', 'send', { reason: result!.results![0]!.type! })
      return { id: String(result?.timestamp ?? Date.now()), chatId: parseSignalTarget(out.to).chatId }
    },
    /** signal-cli saved the file as `<attachments dir>/<id>`; it is read only inside that folder. */
    async mediaSource(a) {
      return a.id ? { file: a.id, root: s.attachmentsDir } : undefined
    },
    async sendTyping(chatId) {
      const { chatId: _chat, ...address } = parseSignalTarget(chatId)
      await rpc('sendTyping', address)
    },
    /** signal-cli's sendReaction: the message is named by its author and timestamp (the id we gave it). */
    // One reaction per sender on a message: a new one replaces it.
    reactionReplaces: true,
    async react(msg, emoji, remove) {
      const { chatId: _chat, ...address } = parseSignalTarget(msg.chat.id)
      await rpc('sendReaction', {
        ...address, emoji, targetAuthor: msg.sender.id.replace(/^uuid:/, ''), targetTimestamp: Number(msg.messageId), ...(remove && { remove: true }),
      })
    },
    async markRead(msg: InboundMessage) {
      if (!s.sendReadReceipts || msg.chat.kind !== 'direct') return
      const { chatId: _chat, ...address } = parseSignalTarget(msg.sender.id)
      if (!('recipient' in address)) return
      await rpc('sendReceipt', { recipient: address.recipient, targetTimestamp: [Number(msg.messageId)], type: 'read' })
    },
    async stop() {
      await daemon?.stop()
    },
  }
}
