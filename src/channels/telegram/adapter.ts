/**
 * Telegram through grammY: the only file that imports it. Long polling by default (our own loop over
 * `getUpdates`, so the manager sees every failure and drives the backoff); webhook mode on the
 * gateway's own port when `webhookUrl` is set. SDK errors leave this file as GatewayErrors.
 *
 * A webhook always has a secret: without `webhookSecret` one is generated for this run and given to
 * Telegram with setWebhook, so a forged POST to the public path (no or wrong
 * `X-Telegram-Bot-Api-Secret-Token`) is refused with 401.
 */
import { Bot, BotError, GrammyError, HttpError, webhookCallback } from 'grammy/web'
import { logger } from '../../log.ts'
import { httpError } from '../../http/http-error.ts'
import { channelError, InboundNotKept, withRateLimitRetry, type ProviderFailure } from '../errors.ts'
import type { ChannelAdapter, ChannelSink, OutboundMessage, ResolvedAccount } from '../types.ts'
import type { TelegramSettings } from './accounts.ts'
import { normalizeTelegramMessage, type TgMessage } from './normalize.ts'
import { createAllowedReactions } from './allowed-reactions.ts'
import { telegramReaction } from './reaction-emoji.ts'

const log = logger('telegram')
// `grammy/web` runs on the platform's fetch and AbortController, but its types are the Node build's,
// which name a shimmed AbortSignal; the runtime object is the standard one.
type GrammySignal = NonNullable<Parameters<Bot['init']>[0]>
const sdkSignal = (s: AbortSignal) => s as unknown as GrammySignal
const POLL_TIMEOUT_S = 30

/** Telegram's 400 answers to HTML it cannot parse. */
const PARSE_ERROR = /can't parse entities|find end of the entity/i

function classifyTelegramError(err: unknown): ProviderFailure {
  if (err instanceof GrammyError) {
    const retryAfter = err.parameters?.retry_after
    return {
      reason: err.description, status: err.error_code,
      ...(retryAfter !== undefined && { retryAfterMs: retryAfter * 1000 }),
      ...(err.error_code === 400 && PARSE_ERROR.test(err.description) && { markupRefused: true }),
    }
  }
  if (err instanceof HttpError) return { reason: `network error: ${(err.error as Error)?.message ?? err.message}` }
  return { reason: err instanceof Error ? err.message : String(err) }
}

export function createTelegramAdapter(account: ResolvedAccount<TelegramSettings>): ChannelAdapter {
  const { token, apiRoot } = account.settings
  const webhook = account.settings.webhook && { ...account.settings.webhook, secret: account.settings.webhook.secret ?? generateWebhookSecret() }
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: POLL_TIMEOUT_S + 15 } })
  let sink: ChannelSink | undefined
  const call = <T>(op: string, work: () => Promise<T>) => withRateLimitRetry(work, { provider: 'telegram', op, classify: classifyTelegramError })

  // The handler settles once the message is on disk: only then may Telegram hear it arrived (the next
  // getUpdates offset, or the webhook's 200).
  bot.on(['message', 'edited_message'], async (ctx) => {
    const raw = (ctx.update.message ?? ctx.update.edited_message) as unknown as TgMessage
    const msg = normalizeTelegramMessage(raw, { accountId: account.accountId, botId: ctx.me.id, botUsername: ctx.me.username })
    if (msg && sink && !(await sink.message(msg))) throw new InboundNotKept(`update ${ctx.update.update_id}`)
  })

  const allowedReactions = createAllowedReactions(
    (chatId) => call('getChat', () => bot.api.getChat(chatId)),
    (chatId, err) => log.debug(`${account.accountId}: could not learn which reactions chat ${chatId} allows: ${(err as Error).message}`),
  )

  const webhookHandler = webhook && webhookCallback(bot, 'std/http', { secretToken: webhook.secret, onTimeout: 'return' })

  /**
   * The offset sent with getUpdates confirms every update before it, and Telegram forgets them: the next
   * call goes only once each update of the batch is on disk. A batch that could not be kept ends the
   * poll unconfirmed (the account restarts with backoff and Telegram delivers it again).
   */
  async function poll(signal: AbortSignal): Promise<void> {
    let offset = 0
    while (!signal.aborted) {
      const updates = await bot.api.getUpdates({ offset, timeout: POLL_TIMEOUT_S, allowed_updates: ['message', 'edited_message'] }, sdkSignal(signal))
      const handled: Promise<void>[] = []
      for (const update of Array.isArray(updates) ? updates : []) {
        if (typeof update?.update_id !== 'number') {
          sink?.dropped('an update without a numeric update_id', new Error(`got ${JSON.stringify(update)?.slice(0, 80)}`))
          continue
        }
        offset = Math.max(offset, update.update_id + 1)
        // Handled together (in order), so a batch costs one disk commit. An update the handlers cannot
        // read is this update's problem, not the poll's: drop it and go on.
        handled.push(bot.handleUpdate(update).catch((err) => {
          const cause = err instanceof BotError ? err.error : err
          if (cause instanceof InboundNotKept) throw cause
          sink?.dropped(`update ${update.update_id}`, cause)
        }))
      }
      await Promise.all(handled)
    }
  }

  return {
    provider: 'telegram',
    accountId: account.accountId,
    textLimit: 4096,
    perChatIntervalMs: 1000,
    // Telegram allows about one message (edits included) per second in a chat.
    editIntervalMs: 1000,
    /** getFile, then the file URL under the configured apiRoot (files over 20 MB have no file_path). */
    async mediaSource(a) {
      if (!a.id) return undefined
      const file = await call('getFile', () => bot.api.getFile(a.id!))
      // A local Bot API server (`--local`) answers with an absolute path on its own disk instead.
      if (!file.file_path || file.file_path.startsWith('/')) return undefined
      return { url: `${apiRoot}/file/bot${token}/${file.file_path}` }
    },
    async start(s, signal) {
      sink = s
      try {
        await call('getMe', () => bot.init(sdkSignal(signal)))
        if (webhook) {
          await call('setWebhook', () => bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ['message', 'edited_message'] }))
          s.connected()
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
          return
        }
        // A webhook left from an earlier run would make getUpdates fail with 409.
        await call('deleteWebhook', () => bot.api.deleteWebhook())
        s.connected()
        await poll(signal)
      } catch (err) {
        if (signal.aborted) return
        throw err instanceof GrammyError || err instanceof HttpError ? channelError('telegram', 'getUpdates', classifyTelegramError(err), err) : err
      }
    },
    async send(out: OutboundMessage) {
      const sent = await call('sendMessage', () => bot.api.sendMessage(out.to, out.text, {
        ...(out.markup && { parse_mode: 'HTML' }),
        ...(out.threadId && { message_thread_id: Number(out.threadId) }),
        ...(out.silent && { disable_notification: true }),
        ...(out.replyToId && { reply_parameters: { message_id: Number(out.replyToId), allow_sending_without_reply: true } }),
      }))
      return { id: String(sent.message_id), chatId: String(sent.chat.id) }
    },
    async edit(chatId, messageId, body) {
      await call('editMessageText', () => bot.api.editMessageText(chatId, Number(messageId), body.text, body.markup ? { parse_mode: 'HTML' } : {}))
    },
    async remove(chatId, messageId) {
      await call('deleteMessage', () => bot.api.deleteMessage(chatId, Number(messageId)))
    },
    // A bot has one reaction per message: a new one replaces it, an empty list takes it back.
    reactionReplaces: true,
    async react(msg, emoji, remove) {
      // A private chat allows every reaction; a group may allow fewer.
      const shown = remove ? undefined : telegramReaction(emoji, msg.chat.kind === 'direct' ? undefined : await allowedReactions(msg.chat.id))
      if (!remove && !shown) throw channelError('telegram', 'setMessageReaction', { reason: `the chat allows no reaction that stands in for ${emoji}` })
      const reaction = remove ? [] : [{ type: 'emoji', emoji: shown } as Parameters<typeof bot.api.setMessageReaction>[2][number]]
      await call('setMessageReaction', () => bot.api.setMessageReaction(msg.chat.id, Number(msg.messageId), reaction))
    },
    async sendTyping(chatId, threadId) {
      await call('sendChatAction', () => bot.api.sendChatAction(chatId, 'typing', threadId ? { message_thread_id: Number(threadId) } : {}))
    },
    async stop() {
      sink = undefined
    },
    async logout() {
      await call('deleteWebhook', () => bot.api.deleteWebhook())
    },
    ...(webhook && webhookHandler && {
      http: {
        path: webhook.path,
        handle: async (req: Request) => {
          try {
            return await webhookHandler(req)
          } catch (err) {
            // One not kept is refused, so Telegram delivers it again; one our handlers cannot read is
            // acknowledged (200), or Telegram would redeliver it forever.
            if (err instanceof BotError && err.error instanceof InboundNotKept) return httpError(503, 'not kept; retry')
            if (err instanceof BotError) {
              sink?.dropped(`update ${err.ctx.update.update_id}`, err.error)
              return new Response(null, { status: 200 })
            }
            log.warn(`${account.accountId}: webhook request not handled: ${(err as Error).message}`)
            return httpError(400, 'bad update')
          }
        },
      },
    }),
  }
}

/** 256 random bits in Telegram's secret_token alphabet (A-Z, a-z, 0-9, _ and -). */
function generateWebhookSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
}
