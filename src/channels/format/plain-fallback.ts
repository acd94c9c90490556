/**
 * Never lose a message to its formatting: when the provider refuses the markup (a Telegram 400
 * "can't parse entities"), the same chunk goes again as plain text. Sends and edits both use this.
 */
import { logger } from '../../log.ts'
import { describeError, isMarkupRefused } from '../errors.ts'
import type { OutboundText } from '../types.ts'
import type { RenderedText } from './index.ts'

const log = logger('channels')

export async function withPlainFallback<T>(body: RenderedText, send: (body: OutboundText) => Promise<T>): Promise<T> {
  const { plain, ...formatted } = body
  try {
    return await send(formatted)
  } catch (err) {
    if (!isMarkupRefused(err)) throw err
    log.warn(`the provider refused a message's formatting (${describeError(err)}); sending it as plain text`)
    return send({ text: plain })
  }
}
