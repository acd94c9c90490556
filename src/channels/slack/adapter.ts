/**
 * Slack through @slack/bolt: the only file that imports it. Socket Mode (app token) or the HTTP Events
 * API on the gateway's own port (signing secret). Sends use the Web API client, which waits out
 * 429s itself; its errors leave this file as GatewayErrors.
 */
import { App, LogLevel, SocketModeReceiver, isValidSlackRequest, webApi, type Logger, type Receiver } from '@slack/bolt'
import { logger } from '../../log.ts'
import { channelError, InboundNotKept, withRateLimitRetry, type ProviderFailure } from '../errors.ts'
import type { ChannelAdapter, ChannelSink, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { SlackSettings } from './accounts.ts'
import { ackWhenKept } from './ack-when-kept.ts'
import { createEventsHandler } from './events-receiver.ts'
import { normalizeSlackMessage, type SlackMessageEvent } from './normalize.ts'
import { slackReactionName } from './reaction-names.ts'
import { guardSocketFrames } from './socket-frames.ts'

const log = logger('slack')

/** Bolt logs through our consola instance (its default logger, and pino transports, are not wanted in the binary). */
function boltLogger(): Logger {
  return {
    debug: (...m: unknown[]) => log.debug(m.join(' ')),
    info: (...m: unknown[]) => log.debug(m.join(' ')),
    warn: (...m: unknown[]) => log.warn(m.join(' ')),
    error: (...m: unknown[]) => log.error(m.join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  }
}

function classifySlackError(err: unknown): ProviderFailure {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; original?: Error; message?: string }
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return { reason: e.data?.error ?? 'error' }
    case 'slack_webapi_rate_limited_error':
      return { reason: 'rate limited', status: 429, ...(e.retryAfter !== undefined && { retryAfterMs: e.retryAfter * 1000 }) }
    case 'slack_webapi_http_error':
      return { reason: `HTTP ${e.statusCode}`, status: e.statusCode }
    case 'slack_webapi_request_error':
      return { reason: `network error: ${e.original?.message ?? e.message}` }
    default:
      return { reason: e?.message ?? String(err) }
  }
}

export function createSlackAdapter(account: ResolvedAccount<SlackSettings>): ChannelAdapter {
  const s = account.settings
  const clientOptions = { slackApiUrl: s.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 } }
  const web = new webApi.WebClient(s.botToken, { ...clientOptions, logger: boltLogger() })
  const call = <T>(op: string, work: () => Promise<T>) => withRateLimitRetry(work, { provider: 'slack', op, classify: classifySlackError })
  let app: App | undefined

  function createApp(sink: ChannelSink): { app: App; receiver: Receiver } {
    const receiver: Receiver = s.mode === 'socket'
      ? new SocketModeReceiver({
        appToken: s.appToken!, logger: boltLogger(), installerOptions: { clientOptions },
        // An envelope whose message was not kept stays unacked (Slack delivers it again); any other failure is acked, or Slack would redeliver it to fail again.
        processEventErrorHandler: async ({ error }) => (log.warn(`${account.accountId}: event not handled: ${error.message}`), !(error instanceof InboundNotKept)),
      })
      // HTTP mode: the gateway's route (below) feeds events in, so this receiver has nothing to listen on.
      : { init: () => {}, start: async () => {}, stop: async () => {} }
    if (receiver instanceof SocketModeReceiver) {
      const init = receiver.init.bind(receiver)
      receiver.init = (bolt) => init(ackWhenKept(bolt) as App)
    }
    const created = new App({ token: s.botToken, receiver, clientOptions, logger: boltLogger(), deferInitialization: true })
    created.event('message', async ({ event, context, body }) => {
      const msg = normalizeSlackMessage(event as SlackMessageEvent, { accountId: account.accountId, botUserId: context.botUserId, botId: context.botId, teamId: context.teamId })
      if (msg && !(await sink.message(msg))) throw new InboundNotKept(`event ${(body as { event_id?: string }).event_id ?? msg.messageId}`)
    })
    created.error(async (err) => {
      // Bolt wraps what a listener threw; one not kept must reach the ack (which it stops), the rest are dropped.
      const cause = (err as { original?: unknown }).original ?? err
      if (cause instanceof InboundNotKept) throw cause
      sink.dropped('an event its handler could not read', err)
    })
    if (receiver instanceof SocketModeReceiver) guardSocketFrames(receiver.client as never, sink)
    return { app: created, receiver }
  }

  async function resolveChannel(to: string): Promise<string> {
    const user = to.match(/^user:(\w+)$/)?.[1]
    if (!user) return to.replace(/^channel:/, '')
    const opened = await call('conversations.open', () => web.conversations.open({ users: user }))
    return opened.channel!.id!
  }

  return {
    provider: 'slack',
    accountId: account.accountId,
    textLimit: 4000,
    perChatIntervalMs: 0,
    replyStartsThread: true,
    // chat.update is a Tier 3 method (about 50 a minute): one edit a second stays inside it.
    editIntervalMs: 1000,
    /** `url_private` needs the bot token; it is sent only to Slack's own hosts (or the configured API host). */
    async mediaSource(a) {
      if (!a.url || !isSlackHost(a.url, s.apiUrl)) return undefined
      return { url: a.url, headers: { authorization: `Bearer ${s.botToken}` } }
    },
    async start(sink, signal) {
      const { app: created, receiver } = createApp(sink)
      try {
        await call('auth.test', () => created.init())
        if (receiver instanceof SocketModeReceiver) {
          receiver.client.on('connected', () => sink.connected())
          receiver.client.on('disconnected', () => sink.disconnected('socket mode connection closed'))
          await call('apps.connections.open', () => receiver.start())
        } else {
          sink.connected()
        }
        app = created
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      } catch (err) {
        if (!signal.aborted) throw err
      } finally {
        if (app === created) app = undefined
        await receiver.stop().catch(() => undefined)
      }
    },
    async send(out: OutboundMessage) {
      const channel = await resolveChannel(out.to)
      // A reply reference is a thread on Slack: the answer goes under the message it answers.
      const thread = out.threadId ?? out.replyToId
      const res = await call('chat.postMessage', () => web.chat.postMessage({ channel, text: out.text, unfurl_links: false, ...(thread && { thread_ts: thread }) }))
      if (!res.ts) throw channelError('slack', 'chat.postMessage', { reason: 'no message ts in the response' })
      return { id: res.ts, chatId: res.channel ?? channel }
    },
    // Needs the `assistant:write` scope; Slack also clears it when the app posts in the thread.
    async threadStatus(channel, threadTs, status) {
      await call('assistant.threads.setStatus', () => web.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status }))
    },
    async edit(channel, ts, { text }) {
      await call('chat.update', () => web.chat.update({ channel, ts, text }))
    },
    async remove(channel, ts) {
      await call('chat.delete', () => web.chat.delete({ channel, ts }))
    },
    async react(msg, emoji, remove) {
      const args = { channel: msg.chat.id, timestamp: msg.messageId, name: slackReactionName(emoji) }
      if (remove) await call('reactions.remove', () => web.reactions.remove(args))
      else await call('reactions.add', () => web.reactions.add(args))
    },
    // Slack's native text streaming; the text is Markdown (`markdown_text`), which Slack renders itself.
    nativeStream: {
      async start(to, threadTs, text, recipient) {
        const channel = await resolveChannel(to)
        const res = await call('chat.startStream', () => web.chat.startStream({
          channel, thread_ts: threadTs, markdown_text: text,
          ...(recipient && { recipient_user_id: recipient.userId, ...(recipient.teamId && { recipient_team_id: recipient.teamId }) }),
        }))
        if (!res.ts) throw channelError('slack', 'chat.startStream', { reason: 'no message ts in the response' })
        return { id: res.ts, chatId: res.channel ?? channel }
      },
      async append(channel, ts, text) {
        await call('chat.appendStream', () => web.chat.appendStream({ channel, ts, markdown_text: text }))
      },
      async stop(channel, ts, text) {
        await call('chat.stopStream', () => web.chat.stopStream({ channel, ts, ...(text && { markdown_text: text }) }))
      },
    },
    async stop() {
      app = undefined
    },
    ...(s.mode === 'http' && {
      http: {
        path: s.webhookPath,
        handle: createEventsHandler({ signingSecret: s.signingSecret!, verify: isValidSlackRequest, app: () => app && ackWhenKept(app) }),
      },
    }),
  }
}

function isSlackHost(url: string, apiUrl: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === 'slack.com' || host.endsWith('.slack.com') || host === new URL(apiUrl).hostname
  } catch {
    return false
  }
}
