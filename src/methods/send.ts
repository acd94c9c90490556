import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

export const send = defineMethod('send', {
  access: 'operator.write',
  // Retries deliver once per route: the cache key carries channel and account (PROTOCOL.md §4.4).
  idempotent: { prefix: 'send', scope: (p) => JSON.stringify([p.channel ?? '', p.accountId ?? '']) },
  async handle(params, ctx) {
    if (params.mediaUrl || params.mediaUrls?.length) throw new GatewayError('INVALID_REQUEST', 'media sends are not supported yet', { code: 'UNSUPPORTED' })
    if (!params.message?.trim()) throw new GatewayError('INVALID_REQUEST', 'message is required')
    const sent = await ctx.channels.send({
      channel: params.channel,
      accountId: params.accountId,
      to: params.to,
      message: params.message,
      threadId: params.threadId === undefined ? undefined : String(params.threadId),
      replyToId: params.replyToId,
    })
    return { runId: params.idempotencyKey, messageId: sent.messageId, channel: sent.channel, chatId: sent.chatId }
  },
})
