import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

export const send = defineMethod('send', {
  access: 'operator.write',
  // Retries deliver once per route: the cache key carries channel and account (PROTOCOL.md §4.4).
  idempotent: { prefix: 'send', scope: (p) => JSON.stringify([p.channel ?? '', p.accountId ?? '']) },
  async handle(params, ctx) {
    const media = [params.mediaUrl, ...(params.mediaUrls ?? [])].filter((u): u is string => !!u)
    if (media.length > 1) throw new GatewayError('INVALID_REQUEST', 'one media file per send', { code: 'UNSUPPORTED' })
    if (!params.message?.trim() && media.length === 0) throw new GatewayError('INVALID_REQUEST', 'message is required')
    const sent = await ctx.channels.send({
      channel: params.channel,
      accountId: params.accountId,
      to: params.to,
      message: params.message ?? '',
      threadId: params.threadId === undefined ? undefined : String(params.threadId),
      replyToId: params.replyToId,
      ...(params.silent && { silent: true }),
      ...(media[0] && { mediaUrl: media[0] }),
    })
    return { runId: params.idempotencyKey, messageId: sent.messageId, channel: sent.channel, chatId: sent.chatId }
  },
})
