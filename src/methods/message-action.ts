/**
 * `message.action`, the original CLI's way to send (`openclaw message send`): its `send` action goes
 * out through the same path as `send`; other actions (react, poll, pin, ...) do not exist here.
 */
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'
import { send } from './send.ts'

/** A string argument of the action (the CLI passes numbers for ids typed as such). */
function arg(params: Record<string, unknown>, key: string): string | undefined {
  const v = params[key]
  return typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined
}

/**
 * Send arguments that would change what reaches the chat but are not built here: refused rather than
 * sent without them. The CLI passes the boolean ones as `false` when not asked for.
 */
const UNBUILT = ['presentation', 'delivery', 'buttons', 'components', 'card', 'pin', 'forceDocument', 'gifPlayback', 'asVoice'] as const

const asked = (v: unknown) => v !== undefined && v !== null && v !== false && !(typeof v === 'object' && Object.keys(v).length === 0)

export const messageAction = defineMethod('message.action', {
  access: 'operator.write',
  idempotent: { prefix: 'message.action', scope: (p) => JSON.stringify([p.channel, p.action, p.accountId ?? '']) },
  async handle(p, ctx) {
    if (p.action !== 'send') throw new GatewayError('INVALID_REQUEST', `Channel ${p.channel} does not support action ${p.action}.`)
    const a = p.params
    const unbuilt = UNBUILT.filter((k) => asked(a[k]))
    if (unbuilt.length > 0) {
      throw new GatewayError('INVALID_REQUEST', `message send: ${unbuilt.join(', ')} not supported by this gateway`, { code: 'UNSUPPORTED', params: unbuilt })
    }
    // `target` is what the user typed; `to` is the CLI's channel-prefixed form of it.
    const prefixed = arg(a, 'to')
    const to = arg(a, 'target') ?? (prefixed?.startsWith(`${p.channel}:`) ? prefixed.slice(p.channel.length + 1) : prefixed)
    if (!to) throw new GatewayError('INVALID_REQUEST', 'message send needs a target')
    const media = arg(a, 'media') ?? arg(a, 'mediaUrl')
    const accountId = arg(a, 'accountId') ?? (p.accountId || undefined)
    const threadId = arg(a, 'threadId')
    const replyToId = arg(a, 'replyTo') ?? p.reply?.replyToId
    const sent = await send.handle({
      to,
      channel: p.channel,
      message: arg(a, 'message') ?? '',
      idempotencyKey: p.idempotencyKey,
      ...(media && { mediaUrl: media }),
      ...(accountId && { accountId }),
      ...(threadId && { threadId }),
      ...(replyToId && { replyToId }),
      ...(a.silent === true && { silent: true }),
    }, ctx)
    return {
      channel: sent.channel,
      to,
      via: 'direct' as const,
      deliveryStatus: 'sent' as const,
      result: { channel: sent.channel, messageId: sent.messageId, ...(sent.chatId && { chatId: sent.chatId }) },
    }
  },
})
