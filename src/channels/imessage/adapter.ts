/**
 * iMessage through `imsg rpc`: the child process is the connection. Each run spawns it, probes it with
 * `chats.list`, subscribes with `watch.subscribe` and lasts until the child dies or the account stops;
 * the caller restarts it with backoff. Sends go to the running child with `send`.
 * The subscription starts after the last row whose message the gateway kept (`since_rowid`, saved in
 * its database as the account's cursor), so a restart of the child or of the gateway replays what
 * arrived meanwhile and nothing before it. With no cursor yet (the account's first start), imsg starts
 * from now: the Messages history is not answered, nor a row sent long before it arrives (STALE_BACKLOG_MS).
 */
import { expandHome } from '../../config/paths.ts'
import { logger } from '../../log.ts'
import { channelError } from '../errors.ts'
import { createRecent } from '../recent.ts'
import type { ChannelAdapter, ChannelSink, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { IMessageSettings } from './accounts.ts'
import { attachmentRootOf } from './attachment-roots.ts'
import { normalizeIMessage, type ImsgMessage } from './normalize.ts'
import { spawnStdioRpc, type StdioRpc } from './stdio-rpc.ts'
import { parseIMessageTarget } from './targets.ts'

const log = logger('imessage')

/**
 * A row sent longer ago than this before it reaches the gateway is backlog, not conversation: the
 * replay after a long downtime, or the flush Apple sends after a Push recovery. It is not answered (the
 * cursor still moves past it). The original's age fence when it cannot read chat.db itself, as here.
 */
const STALE_BACKLOG_MS = 15 * 60_000

interface SendResult {
  guid?: string
  message_id?: string
  id?: number
}

export function createIMessageAdapter(account: ResolvedAccount<IMessageSettings>): ChannelAdapter {
  const s = account.settings
  const argv = [s.cliPath, 'rpc', ...(s.dbPath ? ['--db', s.dbPath] : [])]
  const ownSends = createRecent<true>(500)
  const seen = createRecent<true>(1000)
  let current: StdioRpc | undefined
  /** Old backlog rows not answered since the gateway started, for the log. */
  let backlogSkipped = 0

  function onNotification(sink: ChannelSink, fail: (reason: string) => void) {
    const ctx = { accountId: account.accountId, isOwnMessage: (guid: string) => ownSends.has(guid), groupChatIds: s.groupChatIds }
    // The cursor moves past a row once it and every row before it were accepted; after a refusal (not
    // kept: a full disk) it stays put, so the next run replays from there (what was kept is not answered twice).
    let advancing = Promise.resolve(true)
    const advance = (rowId: number, accepted: Promise<boolean>) => {
      advancing = advancing.then(async (ok) => {
        if (!ok || !(await accepted)) return false
        if (rowId > (savedRowId(sink) ?? 0)) sink.cursor.save(String(rowId))
        return true
      }).catch((err) => {
        // The cursor could not be read or saved (the store failed): the account restarts and replays from the last one saved.
        sink.fault(err, 'the iMessage cursor')
        return false
      })
    }
    return (method: string, params: unknown) => {
      const p = (params && typeof params === 'object' ? params : {}) as { message?: ImsgMessage; error?: { message?: string } }
      if (method === 'error') return fail(`imsg watch failed: ${p.error?.message ?? 'unknown error'}`)
      if (method !== 'message') return
      const raw = p.message
      const msg = raw && normalizeIMessage(raw, ctx)
      const stale = !!msg && msg.ts < Date.now() - STALE_BACKLOG_MS
      // At the default level with a running count, as the original: a backlog flush shows in the log.
      if (stale) log.info(`${account.accountId}: ${msg.messageId}, sent ${new Date(msg.ts).toISOString()}, is old backlog; not answered (${++backlogSkipped} since start)`)
      const fresh = msg && !stale && !seen.has(msg.messageId)
      if (fresh) seen.set(msg.messageId, true)
      // One the gateway could not keep is not seen: the replay after the restart hands it in again.
      const accepted = fresh ? sink.message(msg).then((ok) => (ok || seen.delete(msg.messageId), ok)) : Promise.resolve(true)
      if (raw && Number.isSafeInteger(raw.id)) advance(raw.id!, accepted)
    }
  }

  return {
    provider: 'imessage',
    accountId: account.accountId,
    textLimit: 4000,
    perChatIntervalMs: 0,
    async start(sink, signal) {
      let failure: ((reason: string) => void) | undefined
      const failed = new Promise<string>((resolve) => (failure = resolve))
      const rpc = spawnStdioRpc(argv, { notification: onNotification(sink, (reason) => failure!(reason)), dropped: sink.dropped })
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
      try {
        const ready = (async () => {
          await rpc.call('chats.list', { limit: 1 })
          const since = savedRowId(sink)
          await rpc.call('watch.subscribe', { attachments: s.includeAttachments, ...(since !== undefined && { since_rowid: since }) })
        })()
        const early = await Promise.race([ready.then(() => undefined), rpc.exited, failed, aborted.then(() => undefined)])
        if (signal.aborted) return
        if (early) throw channelError('imessage', 'rpc', { reason: early })
        current = rpc
        sink.connected()
        const reason = await Promise.race([rpc.exited, failed, aborted.then(() => undefined)])
        if (!signal.aborted && reason) throw channelError('imessage', 'rpc', { reason })
      } catch (err) {
        if (!signal.aborted) throw err
      } finally {
        if (current === rpc) current = undefined
        await rpc.close()
      }
    },
    /** imsg names the file in the Messages Attachments folder; it is read only below an allowed root. */
    async mediaSource(a) {
      const root = a.path && attachmentRootOf(a.path, s.attachmentRoots)
      if (a.path && !root) log.debug(`${account.accountId}: attachment ${a.name ?? ''} is outside channels.imessage.attachmentRoots; not read`)
      return root ? { file: expandHome(a.path!), root } : undefined
    },
    async send(out: OutboundMessage) {
      const target = parseIMessageTarget(out.to)
      const rpc = current
      if (!rpc) throw channelError('imessage', 'send', { reason: 'imsg rpc is not running' })
      const direct = 'to' in target.params
      const result = await rpc.call<SendResult | undefined>('send', {
        ...target.params,
        text: out.text,
        ...(direct && !('service' in target.params && target.params.service) && s.service && { service: s.service }),
        ...(direct && s.region && { region: s.region }),
      })
      const guid = result?.guid ?? result?.message_id
      if (guid) ownSends.set(guid, true)
      else log.debug(`${account.accountId}: imsg did not report the sent message's guid`)
      return { id: guid ?? (typeof result?.id === 'number' ? String(result.id) : `sent:${crypto.randomUUID()}`), chatId: target.chatId }
    },
    async stop() {
      await current?.close()
    },
  }
}

function savedRowId(sink: ChannelSink): number | undefined {
  const saved = Number(sink.cursor.read() ?? NaN)
  return Number.isSafeInteger(saved) ? saved : undefined
}
