/**
 * `attachments` of `chat.send` and `agent` (`{type?, mimeType?, fileName?, content?}`, content in
 * base64 or a data: URL) → run attachments. Images within `policy.attachments.maxImageBytes` reach
 * the model; other files are described to it. Limits are checked before anything is accepted, so an
 * oversized request fails at once instead of as a provider error mid-run.
 */
import type { Static } from '@sinclair/typebox'
import type { RunAttachment } from '../agent/attachments.ts'
import { sniffImageMime } from '../media/image.ts'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_IMAGE_BYTES, GatewayError } from '../protocol/index.ts'
import type { ChatAttachment } from '../protocol/methods/agent.ts'

/** Files per message: more than a person attaches, few enough to bound one request's cost. */
export const MAX_ATTACHMENTS = 10

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const DATA_URL = /^data:([^;,]*)(?:;[^,]*)?;base64,/

const refuse = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  new GatewayError('INVALID_REQUEST', message, { code, ...extra })

export function parseChatAttachments(list: Static<typeof ChatAttachment>[] | undefined): RunAttachment[] | undefined {
  if (!list?.length) return undefined
  if (list.length > MAX_ATTACHMENTS) throw refuse(`at most ${MAX_ATTACHMENTS} attachments per message`, 'TOO_MANY_ATTACHMENTS', { max: MAX_ATTACHMENTS })
  let total = 0
  const out = list.map((a, index) => {
    const parsed = parseOne(a, index)
    total += parsed.size ?? 0
    return parsed
  })
  if (total > ATTACHMENT_MAX_BYTES) throw refuse(`attachments total ${total} bytes; the limit is ${ATTACHMENT_MAX_BYTES}`, 'ATTACHMENT_TOO_LARGE', { maxBytes: ATTACHMENT_MAX_BYTES })
  return out
}

function parseOne(a: Static<typeof ChatAttachment>, index: number): RunAttachment {
  const claimed = a.mimeType || undefined
  const isImage = a.type === 'image' || claimed?.startsWith('image/') === true
  const meta: RunAttachment = { kind: isImage ? 'image' : (a.type ?? 'document'), ...(a.fileName && { name: a.fileName }), ...(claimed && { mimeType: claimed }) }
  if (a.content === undefined || a.content === null || a.content === '') return meta
  if (typeof a.content !== 'string') throw refuse(`attachments[${index}].content must be a base64 string`, 'ATTACHMENT_INVALID', { index })
  const dataUrl = DATA_URL.exec(a.content)
  const data = (dataUrl ? a.content.slice(dataUrl[0].length) : a.content).replace(/\s+/g, '')
  if (!BASE64.test(data) || data.length % 4 === 1) throw refuse(`attachments[${index}].content is not valid base64`, 'ATTACHMENT_INVALID', { index })
  const size = Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0)
  const withSize = { ...meta, size, ...(!claimed && dataUrl?.[1] && { mimeType: dataUrl[1] }) }
  if (!isImage) return withSize
  if (size > ATTACHMENT_MAX_IMAGE_BYTES) {
    throw refuse(`attachments[${index}] is ${size} bytes; images may be at most ${ATTACHMENT_MAX_IMAGE_BYTES}`, 'ATTACHMENT_TOO_LARGE', { index, maxImageBytes: ATTACHMENT_MAX_IMAGE_BYTES })
  }
  const mimeType = sniffImageMime(Buffer.from(data.slice(0, 24), 'base64'))
  // An image type the models cannot take is kept as a described file rather than failing the run.
  return mimeType ? { ...withSize, mimeType, data } : withSize
}
