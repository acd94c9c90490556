import { afterEach, describe, expect, test } from 'bun:test'
import { MAX_ATTACHMENTS } from '../../src/methods/chat-attachments.ts'
import { ATTACHMENT_MAX_IMAGE_BYTES } from '../../src/protocol/index.ts'
import { PNG_1X1, pngOfSize } from '../fakes/images.ts'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = undefined
})

async function setup(dialect: 'openai' | 'anthropic') {
  fake = startFakeModelServer(dialect)
  gw = await startAgentGateway({ fake, dialect })
  const c = await operator(gw)
  clients.push(c)
  return c
}

const PNG_B64 = PNG_1X1.toString('base64')
const image = { type: 'image', mimeType: 'image/png', fileName: 'dot.png', content: PNG_B64 }
const pdf = { type: 'file', mimeType: 'application/pdf', fileName: 'report.pdf', content: Buffer.from('%PDF-1.4 tiny').toString('base64') }

describe('chat.send attachments', () => {
  test('OpenAI receives the image as an image_url part and the PDF only as a description', async () => {
    const c = await setup('openai')
    await c.call('chat.send', { sessionKey: 'main', message: 'what is this?', idempotencyKey: 'img1', attachments: [image, pdf] })
    await runEvents(c, 'img1', chatEnded)
    const user = fake!.requests[0]!.body.messages.at(-1)
    expect(user.role).toBe('user')
    expect(user.content[0].type).toBe('text')
    expect(user.content[0].text).toStartWith('what is this?')
    expect(user.content[0].text).toContain('report.pdf')
    expect(user.content[0].text).not.toContain('dot.png')
    expect(user.content[1]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_B64}` } })
    expect(JSON.stringify(fake!.requests[0]!.body)).not.toContain(pdf.content)
  })

  test('Anthropic receives a base64 image block; the transcript keeps its size, not its bytes', async () => {
    const c = await setup('anthropic')
    // A data: URL is accepted too, and a mislabelled type is corrected from the bytes.
    await c.call('chat.send', { sessionKey: 'main', message: 'look', idempotencyKey: 'img2', attachments: [{ ...image, mimeType: 'image/jpeg', content: `data:image/jpeg;base64,${PNG_B64}` }] })
    await runEvents(c, 'img2', chatEnded)
    const user = fake!.requests[0]!.body.messages.at(-1)
    expect(user.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_B64 } },
      { type: 'text', text: 'look' },
    ])
    const history = await c.call('chat.history', { sessionKey: 'main' })
    const stored = history.messages[0]
    expect(stored.content[1]).toEqual({ type: 'image', name: 'dot.png', mimeType: 'image/png', size: PNG_1X1.length, shownToModel: true })
    expect(JSON.stringify(stored)).not.toContain(PNG_B64)

    // The next turn mentions the earlier image in text and does not resend it.
    await c.call('chat.send', { sessionKey: 'main', message: 'and now?', idempotencyKey: 'img3' })
    await runEvents(c, 'img3', chatEnded)
    const earlier = fake!.requests[1]!.body.messages[0]
    expect(earlier.content).toHaveLength(1)
    expect(earlier.content[0].text).toContain('dot.png')
  })

  test('an image over maxImageBytes is refused with ATTACHMENT_TOO_LARGE and never reaches the model', async () => {
    const c = await setup('openai')
    const big = pngOfSize(ATTACHMENT_MAX_IMAGE_BYTES + 1).toString('base64')
    const res = await c.request('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'big', attachments: [{ ...image, content: big }] })
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('INVALID_REQUEST')
    expect(res.error.details.code).toBe('ATTACHMENT_TOO_LARGE')
    // Exactly at the limit is accepted.
    const atLimit = pngOfSize(ATTACHMENT_MAX_IMAGE_BYTES).toString('base64')
    expect((await c.call('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'ok', attachments: [{ ...image, content: atLimit }] })).status).toBe('started')
    await runEvents(c, 'ok', chatEnded)
    expect(fake!.requests).toHaveLength(1)
  })

  test('too many attachments and content that is not base64 are refused with their codes', async () => {
    const c = await setup('openai')
    const many = await c.request('chat.send', { sessionKey: 'main', message: 'x', attachments: Array.from({ length: MAX_ATTACHMENTS + 1 }, () => image) })
    expect(many.error.details.code).toBe('TOO_MANY_ATTACHMENTS')
    const junk = await c.request('chat.send', { sessionKey: 'main', message: 'x', attachments: [{ ...image, content: 'not base64!' }] })
    expect(junk.error.details.code).toBe('ATTACHMENT_INVALID')
    const agentRes = await c.request('agent', { message: 'x', idempotencyKey: 'a1', attachments: [{ ...image, content: 42 }] })
    expect(agentRes.error.details.code).toBe('ATTACHMENT_INVALID')
    expect(fake!.requests).toHaveLength(0)
  })

  test('the agent method passes images to the model too', async () => {
    const c = await setup('openai')
    const res = await c.request('agent', { message: 'see', idempotencyKey: 'a2', attachments: [image] })
    expect(res.ok).toBe(true)
    for (let i = 0; i < 100 && fake!.requests.length === 0; i++) await Bun.sleep(10)
    expect(fake!.requests[0]!.body.messages.at(-1).content[1].type).toBe('image_url')
  })
})
