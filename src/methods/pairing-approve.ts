/** Approve a DM sender: `pairing.approve` by code (CLI) and `channels.pairing.approve` by request id (v4). */
import { describeError } from '../channels/errors.ts'
import { logger } from '../log.ts'
import { GatewayError } from '../protocol/index.ts'
import type { MethodContext } from './context.ts'
import { defineMethod } from './define-method.ts'

const log = logger('pairing')
const APPROVED_MESSAGE = 'OpenClaw: access approved. Send a message to start chatting.'

async function approve(
  ctx: MethodContext,
  p: { channel: string; accountId?: string; code?: string; requestId?: string; notify?: boolean },
) {
  const approved = ctx.channelPairing.approve(p.channel, p)
  if (!approved) throw new GatewayError('INVALID_REQUEST', 'pending DM access request no longer exists', { code: 'PAIRING_NOT_FOUND' })
  let notification: 'not-requested' | 'sent' | 'failed' = 'not-requested'
  if (p.notify) {
    try {
      await ctx.channels.send({ channel: approved.channel, accountId: approved.accountId, to: approved.meta.chatId ?? approved.senderId, message: APPROVED_MESSAGE })
      notification = 'sent'
    } catch (err) {
      log.warn(`${approved.channel}/${approved.accountId}: approval notice to ${approved.senderId} failed: ${describeError(err)}`)
      notification = 'failed'
    }
  }
  return {
    requestId: approved.requestId,
    senderId: approved.senderId,
    channel: approved.channel,
    accountId: approved.accountId,
    notification,
    commandOwnerBootstrap: 'not-requested' as const,
  }
}

export const pairingApprove = defineMethod('pairing.approve', {
  access: 'operator.pairing',
  handle: (params, ctx) => approve(ctx, params),
})

export const channelsPairingApprove = defineMethod('channels.pairing.approve', {
  access: 'operator.pairing',
  handle: (params, ctx) => approve(ctx, params),
})
