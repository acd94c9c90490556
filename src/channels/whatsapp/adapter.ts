/**
 * WhatsApp through Baileys (WhatsApp Web, multi-device). One socket per account, owned by this
 * adapter; the host lock guarantees one gateway (so one session) per state dir. An unlinked account
 * idles until a QR login is requested (`qrLogin`), and a session the phone logged out is dropped and
 * reported, not retried. Every other close reconnects through the account runtime's backoff.
 */
import { logger } from '../../log.ts'
import { GatewayError } from '../../protocol/index.ts'
import { channelError } from '../errors.ts'
import type { ChannelAdapter, ChannelSink, InboundMessage, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { WhatsAppSettings } from './accounts.ts'
import { createAuthStore, type AuthStore } from './auth-store.ts'
import { classifyDisconnect, statusCodeOf } from './disconnect.ts'
import { senderIdOf, toJid } from './jid.ts'
import { bridgeLogger } from './log-bridge.ts'
import { LoginState } from './login-state.ts'
import { downloadInboundMedia, fetchMedia, mediaContent } from './media.ts'
import { normalizeWhatsAppMessage, type WaMessage } from './normalize.ts'
import { refusalOf } from './server-trust.ts'
import { createBaileysSocket, type SocketFactory, type WaConnectionUpdate, type WaSocket } from './socket.ts'

const log = logger('whatsapp')
const NOT_LINKED = 'not linked: run `openclaw channels login whatsapp`'
const QUOTE_CACHE = 200
/**
 * How old an offline message may be and still be answered: the original's reconnect catch-up bound (its
 * former inbound dedupe lifetime). The channel inbox remembers answered messages for days, so one
 * released again after a restart is never answered twice.
 */
const OFFLINE_REPLY_WINDOW_MS = 20 * 60_000
// Unlinking is one iq; a socket that cannot send it in this time is closed and forgotten anyway.
const UNLINK_TIMEOUT_MS = 5000

export interface WhatsAppAdapterDeps {
  socketFactory?: SocketFactory
  store?: AuthStore
}

export function createWhatsAppAdapter(account: ResolvedAccount<WhatsAppSettings>, deps: WhatsAppAdapterDeps = {}): ChannelAdapter {
  const { sendReadReceipts } = account.settings
  const store = deps.store ?? createAuthStore(account.settings.authDir)
  const makeSocket = deps.socketFactory ?? ((o) => createBaileysSocket(o))
  const login = new LoginState()
  const tag = account.accountId
  let sock: WaSocket | undefined
  let open = false
  let linked = store.isLinked()
  let loginRequested = false
  /** The socket `logout` unlinked: its close is expected, and nothing it reports may be written back. */
  let unlinked: WaSocket | undefined
  /** Why the account waits instead of connecting (`halt` clears on stop; `relink` on a new login). */
  let idle: { kind: 'halt' | 'relink'; reason: string } | undefined
  let wake: (() => void) | undefined
  // Recent inbound messages, so a reply can quote the original and a read receipt can name its key.
  const recent = new Map<string, WaMessage>()
  /** Offline messages too old to answer since the gateway started, for the log. */
  let backlogSkipped = 0

  const wakeUp = () => {
    const w = wake
    wake = undefined
    w?.()
  }

  async function waitForWork(sink: ChannelSink, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && (idle || (!linked && !loginRequested))) {
      sink.disconnected(idle?.reason ?? NOT_LINKED)
      await new Promise<void>((resolve) => {
        wake = resolve
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
    }
  }

  function run(sink: ChannelSink, signal: AbortSignal): Promise<void> {
    const { state, saveCreds } = store.load()
    const s = makeSocket({ auth: state, logger: bridgeLogger(log), onFrameError: (err) => sink.fault(err, 'WhatsApp frame handling') })
    sock = s
    return new Promise<void>((resolve, reject) => {
      let done = false
      const finish = (err?: Error) => {
        if (done) return
        done = true
        signal.removeEventListener('abort', onAbort)
        if (sock === s) (sock = undefined), (open = false)
        if (err) reject(err)
        else resolve()
      }
      const onAbort = () => {
        s.end(undefined)
        finish()
      }
      signal.addEventListener('abort', onAbort, { once: true })

      s.ev.on('creds.update', () => {
        if (s === unlinked) return
        try {
          saveCreds()
        } catch (err) {
          log.error(`${tag}: could not save credentials: ${(err as Error).message}`)
        }
      })
      s.ev.on('connection.update', (u: WaConnectionUpdate) => {
        if (u.qr) login.update({ qr: u.qr, connected: false, error: undefined })
        if (u.connection === 'open') {
          open = true
          linked = true
          loginRequested = false
          login.update({ qr: undefined, connected: true, error: undefined })
          sink.connected()
        }
        if (u.connection === 'close') onClose(u.lastDisconnect?.error)
      })
      s.ev.on('messages.upsert', (up: { messages?: WaMessage[]; type?: string }) => {
        if ((up?.type !== 'notify' && up?.type !== 'append') || !Array.isArray(up.messages)) return
        for (const m of up.messages) {
          try {
            deliver(sink, s, m, up.type === 'append')
          } catch (err) {
            // One message we cannot read is dropped; the rest of the batch and the session go on.
            sink.dropped('a message it could not read', err)
          }
        }
      })

      function onClose(error: Error | undefined) {
        if (done) return
        if (s === unlinked) return finish()
        // A server or phone that failed a signature check: a linked account retries with backoff (the
        // interception may pass), a login in progress ends (its QR is spent) and says why.
        const refused = refusalOf(error)
        const { action, reason } = refused ? { action: 'reconnect' as const, reason: `refused: ${refused}` } : classifyDisconnect(statusCodeOf(error), error?.message)
        const shownQr = !linked && !!login.current.qr
        if (action === 'relink') store.clear()
        linked = store.isLinked()
        if (action !== 'reconnect') idle = { kind: action, reason }
        const refusedLogin = !!refused && !linked
        if (refusedLogin) idle = { kind: 'relink', reason }
        // A QR nobody scanned expires with a close; the account goes back to waiting for a login.
        // A link attempt that never got a QR (network down) keeps retrying instead.
        const expired = !refused && action === 'reconnect' && shownQr && !linked
        if (expired || refusedLogin) loginRequested = false
        login.update({ qr: undefined, connected: false, error: action !== 'reconnect' || refused ? reason : expired ? 'the QR code expired; start the login again' : undefined })
        log.warn(`${tag}: ${reason}`)
        finish(new Error(reason))
      }
    })
  }

  /**
   * `offline`: WhatsApp kept the message for this device while it was offline and released it on
   * connect (Baileys' `append`; our own sends' echo comes the same way and is dropped by the router as
   * ours). One sent within OFFLINE_REPLY_WINDOW_MS is answered like any other; an older one is old
   * news and is left alone (not answered, not marked read). History sync is another event, never read.
   */
  function deliver(sink: ChannelSink, s: WaSocket, m: WaMessage, offline: boolean) {
    const selfJids = [s.user?.id, s.user?.lid].filter((j): j is string => typeof j === 'string')
    const msg = normalizeWhatsAppMessage(m, { accountId: account.accountId, selfJids })
    if (!msg) return
    // At the default level with a running count, as the original: a backlog flush shows in the log.
    if (offline && msg.ts < Date.now() - OFFLINE_REPLY_WINDOW_MS) {
      return void log.info(`${tag}: an offline message from ${msg.sender.id} sent ${new Date(msg.ts).toISOString()} is too old to answer (${++backlogSkipped} since start)`)
    }
    recent.set(msg.messageId, m)
    if (recent.size > QUOTE_CACHE) recent.delete(recent.keys().next().value!)
    sink.message(msg)
  }

  function connectedSocket(op: string): WaSocket {
    if (!sock || !open) throw channelError('whatsapp', op, { reason: linked ? 'not connected to WhatsApp' : NOT_LINKED })
    return sock
  }

  function targetJid(to: string): string {
    const jid = toJid(to)
    if (!jid) throw new GatewayError('INVALID_REQUEST', `not a WhatsApp number or JID: ${to}`, { code: 'INVALID_TARGET', provider: 'whatsapp' })
    return jid
  }

  /** Baileys quotes from a full message; an unknown id still quotes by key (WhatsApp shows the reference). */
  function quotedFor(jid: string, replyToId: string | undefined) {
    if (!replyToId) return undefined
    return { quoted: recent.get(replyToId) ?? { key: { remoteJid: jid, id: replyToId, fromMe: false }, message: { conversation: '' } } }
  }

  async function call<T>(op: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      throw channelError('whatsapp', op, { reason: err instanceof Error ? err.message : String(err), status: statusCodeOf(err) }, err)
    }
  }

  return {
    provider: 'whatsapp',
    accountId: account.accountId,
    textLimit: 4000,
    perChatIntervalMs: 0,
    async start(sink, signal) {
      await waitForWork(sink, signal)
      if (!signal.aborted) await run(sink, signal)
    },
    async send(out: OutboundMessage) {
      const jid = targetJid(out.to)
      const s = connectedSocket('sendMessage')
      const sent = await call('sendMessage', () => s.sendMessage(jid, { text: out.text }, quotedFor(jid, out.replyToId)))
      return { id: sent?.key?.id ?? '', chatId: jid }
    },
    async sendMedia(out) {
      const jid = targetJid(out.to)
      // Fail fast before downloading; the socket is looked up again because the download takes time.
      connectedSocket('sendMessage')
      const content = mediaContent(await fetchMedia(out.mediaUrl, account.settings.mediaMaxBytes), out.text)
      const s = connectedSocket('sendMessage')
      const sent = await call('sendMessage', () => s.sendMessage(jid, content, quotedFor(jid, out.replyToId)))
      return { id: sent?.key?.id ?? '', chatId: jid }
    },
    /** An inbound attachment's id is its message's: Baileys downloads and decrypts that message's media. */
    async mediaSource(a) {
      const m = a.id ? recent.get(a.id) : undefined
      return m && { read: (maxBytes, signal) => downloadInboundMedia(m, maxBytes, signal) }
    },
    async sendTyping(chatId) {
      const jid = targetJid(chatId)
      await call('sendPresenceUpdate', () => connectedSocket('sendPresenceUpdate').sendPresenceUpdate('composing', jid))
    },
    /** WhatsApp has one reaction per sender and message: a new one replaces it, an empty one takes it back. */
    reactionReplaces: true,
    async react(msg, emoji, remove) {
      const key = recent.get(msg.messageId)?.key
      if (!key) throw channelError('whatsapp', 'react', { reason: 'the message is no longer known' })
      await call('sendMessage', () => connectedSocket('sendMessage').sendMessage(key.remoteJid!, { react: { text: remove ? '' : emoji, key } }))
    },
    /** Blue ticks, sent by the router only for a message it admitted (never for a stranger awaiting pairing). */
    async markRead(msg: InboundMessage) {
      const key = recent.get(msg.messageId)?.key
      if (!sendReadReceipts || !key) return
      await call('readMessages', () => connectedSocket('readMessages').readMessages([key]))
    },
    async stop() {
      sock?.end(undefined)
      if (idle?.kind === 'halt') idle = undefined
    },
    /** Unlinks at WhatsApp while connected (the phone's Linked devices drops it), then deletes the session. */
    async logout() {
      const s = sock
      unlinked = s
      if (s && open) {
        await Promise.race([s.logout(), Bun.sleep(UNLINK_TIMEOUT_MS)])
          .catch((err) => log.warn(`${tag}: could not unlink at WhatsApp; deleting the local session anyway: ${(err as Error).message}`))
      }
      s?.end(undefined)
      store.clear()
      linked = false
      idle = undefined
      login.update({ qr: undefined, connected: false, error: undefined })
    },
    qrLogin: {
      async start({ force, timeoutMs = 30_000 }) {
        if (linked && !force) return login.result({ connected: true })
        if (force) {
          store.clear()
          linked = false
          sock?.end(undefined)
        }
        idle = undefined
        loginRequested = true
        login.update({ qr: undefined, connected: false, error: undefined })
        wakeUp()
        return login.result(await login.until((s) => s.connected || !!s.qr || !!s.error, timeoutMs))
      },
      async wait({ timeoutMs = 120_000, currentQrDataUrl }) {
        const snap = await login.until((s) => s.connected || !!s.error || (!!s.qr && login.dataUrl(s.qr) !== currentQrDataUrl), timeoutMs)
        return login.result(snap)
      },
    },
    statusDetails() {
      const self = sock?.user?.id
      return { linked, ...(self && { self: senderIdOf(self) }), ...(!linked && login.current.qr && { qr: login.current.qr }) }
    },
  }
}
