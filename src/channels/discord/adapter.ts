/**
 * Discord through discord.js: the only file that imports it. The gateway WebSocket brings messages in
 * (DMs need `Partials.Channel`); replies and sends go over its REST client, which waits out 429s
 * itself. SDK errors leave this file as GatewayErrors.
 */
import { Client, DiscordAPIError, Events, GatewayIntentBits, HTTPError, Partials, REST, Routes, type GatewayDispatchPayload } from 'discord.js'
import { logger } from '../../log.ts'
import { withRateLimitRetry, type ProviderFailure } from '../errors.ts'
import { createRecent } from '../recent.ts'
import type { ChannelAdapter, ChannelSink, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { DiscordSettings } from './accounts.ts'
import { normalizeDiscordMessage, type DcMessage } from './normalize.ts'

const DM_CHANNELS_KEPT = 1000
/** Discord's message flag for a message that notifies no one (`--silent`). */
const SUPPRESS_NOTIFICATIONS = 1 << 12

const log = logger('discord')

function classifyDiscordError(err: unknown): ProviderFailure {
  if (err instanceof DiscordAPIError) return { reason: err.message, status: err.status }
  if (err instanceof HTTPError) return { reason: `HTTP ${err.status}`, status: err.status }
  return { reason: err instanceof Error ? err.message : String(err) }
}

/**
 * discord.js trusts the gateway: a dispatch with a null or odd payload throws inside its packet
 * handlers, from a socket callback, as an unhandled rejection that would take the process down. The
 * upstream is untrusted input here, so a failing packet is logged and dropped instead.
 */
function guardPacketHandling(client: Client, sink: ChannelSink): void {
  const ws = client.ws as unknown as { handlePacket(packet?: { t?: string }, shard?: unknown): boolean }
  const handle = ws.handlePacket.bind(ws)
  ws.handlePacket = (packet, shard) => {
    try {
      return handle(packet, shard)
    } catch (err) {
      sink.dropped(`a malformed ${packet?.t ?? 'gateway'} packet`, err)
      return false
    }
  }
}

export function createDiscordAdapter(account: ResolvedAccount<DiscordSettings>): ChannelAdapter {
  const { token, apiRoot } = account.settings
  const restOptions = { api: apiRoot, retries: 1, timeout: 15_000 }
  const rest = new REST(restOptions).setToken(token)
  const call = <T>(op: string, work: () => Promise<T>) => withRateLimitRetry(work, { provider: 'discord', op, classify: classifyDiscordError })
  // A DM channel id per user replied to, so each reply skips a createDM call; the least recent are forgotten.
  const dmChannels = createRecent<string>(DM_CHANNELS_KEPT)

  async function resolveChannel(to: string): Promise<string> {
    const user = to.match(/^user:(\d+)$/)?.[1]
    if (!user) return to.replace(/^channel:/, '')
    const known = dmChannels.get(user)
    if (known) return known
    const dm = (await call('createDM', () => rest.post(Routes.userChannels(), { body: { recipient_id: user } }))) as { id: string }
    dmChannels.set(user, dm.id)
    return dm.id
  }

  return {
    provider: 'discord',
    accountId: account.accountId,
    textLimit: 2000,
    perChatIntervalMs: 0,
    // Discord's message-edit bucket is 5 per 5 s per channel.
    editIntervalMs: 1000,
    /** Attachment URLs are signed CDN links: no token is sent with them. */
    async mediaSource(a) {
      return a.url ? { url: a.url } : undefined
    },
    async start(sink, signal) {
      const client = new Client({
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
        // Without the Channel partial discord.js drops DMs from channels it has not cached.
        partials: [Partials.Channel],
        rest: restOptions,
      })
      guardPacketHandling(client, sink)
      // Messages are read from the raw dispatch: it carries guild_id and author without depending on
      // what discord.js happens to have cached (guild channels arrive before GUILD_CREATE otherwise).
      client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
        if (packet.t !== 'MESSAGE_CREATE') return
        const msg = normalizeDiscordMessage(packet.d as unknown as DcMessage, { accountId: account.accountId, botUserId: client.user?.id })
        if (msg) sink.message(msg)
      })
      client.on(Events.ClientReady, () => sink.connected())
      client.on(Events.ShardResume, () => sink.connected())
      client.on(Events.ShardReconnecting, () => sink.disconnected('gateway connection lost; reconnecting'))
      client.on(Events.Error, (err) => log.warn(`${account.accountId}: ${err.message}`))
      const invalidated = new Promise<never>((_, reject) => client.once(Events.Invalidated, () => reject(new Error('session invalidated'))))
      try {
        await call('login', () => client.login(token))
        await Promise.race([invalidated, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))])
      } catch (err) {
        if (!signal.aborted) throw err
      } finally {
        invalidated.catch(() => undefined)
        await client.destroy()
      }
    },
    async send(out: OutboundMessage) {
      const channel = await resolveChannel(out.threadId ?? out.to)
      const body = {
        content: out.text,
        ...(out.replyToId && { message_reference: { message_id: out.replyToId, fail_if_not_exists: false } }),
        ...(out.silent && { flags: SUPPRESS_NOTIFICATIONS }),
      }
      const sent = (await call('sendMessage', () => rest.post(Routes.channelMessages(channel), { body }))) as { id: string; channel_id: string }
      return { id: sent.id, chatId: sent.channel_id }
    },
    async edit(channelId, messageId, { text }) {
      await call('editMessage', () => rest.patch(Routes.channelMessage(channelId, messageId), { body: { content: text } }))
    },
    async remove(channelId, messageId) {
      await call('deleteMessage', () => rest.delete(Routes.channelMessage(channelId, messageId)))
    },
    async react(msg, emoji, remove) {
      // A Unicode emoji, or a custom one as `name:id`, URL-encoded in the path.
      const route = Routes.channelMessageOwnReaction(msg.chat.id, msg.messageId, encodeURIComponent(emoji))
      if (remove) await call('deleteOwnReaction', () => rest.delete(route))
      else await call('createReaction', () => rest.put(route))
    },
    async sendTyping(chatId, threadId) {
      await call('sendTyping', () => rest.post(Routes.channelTyping(threadId ?? chatId)))
    },
    async stop() {},
  }
}
