import { afterAll, describe, expect, test } from 'bun:test'
import { PNG_1X1, pngOfSize } from '../fakes/images.ts'
import { withImageData } from '../../src/channels/inbound-media.ts'
import type { Attachment } from '../../src/channels/types.ts'

const seenAuth: (string | null)[] = []
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname
    seenAuth.push(req.headers.get('authorization'))
    if (path === '/dot.png') return new Response(PNG_1X1)
    // Chunked, without a Content-Length: the limit must be enforced while reading.
    if (path === '/big.png') return new Response(new Blob([new Uint8Array(pngOfSize(4096))]).stream())
    if (path === '/login.html') return new Response('<html>sign in</html>', { headers: { 'content-type': 'image/png' } })
    return new Response('gone', { status: 404 })
  },
})
afterAll(() => server.stop(true))

const at = (path: string) => ({ url: `http://127.0.0.1:${server.port}${path}`, headers: { authorization: 'Bearer t' } })
const img = (name: string): Attachment => ({ kind: 'image', name })

describe('withImageData', () => {
  test('an image within the limit gets its bytes and sniffed type; other kinds are left alone', async () => {
    const doc: Attachment = { kind: 'document', name: 'dot.png' }
    const [image, other] = await withImageData([img('dot.png'), doc], async (a) => at(`/${a.name}`), 1024)
    expect(image).toEqual({ kind: 'image', name: 'dot.png', mimeType: 'image/png', size: PNG_1X1.length, data: PNG_1X1.toString('base64') })
    expect(other).toBe(doc)
    expect(seenAuth.at(-1)).toBe('Bearer t')
  })

  test('a picture sent as a file is loaded as an image', async () => {
    const [image] = await withImageData([{ kind: 'document', name: 'dot.png', mimeType: 'image/png' }], async (a) => at(`/${a.name}`), 1024)
    expect(image).toMatchObject({ kind: 'image', mimeType: 'image/png', data: PNG_1X1.toString('base64') })
  })

  test('too large (while streaming), not an image, or missing: metadata only', async () => {
    const out = await withImageData([img('big.png'), img('login.html'), img('missing.png')], async (a) => at(`/${a.name}`), 1024)
    expect(out[0]).toEqual(img('big.png'))
    expect(out[1]).toEqual({ ...img('login.html'), size: 20 })
    expect(out[2]).toEqual(img('missing.png'))
  })

  test('a declared size over the limit is never fetched, and a locate failure keeps the attachment', async () => {
    let located = 0
    const declared: Attachment = { ...img('dot.png'), size: 2048 }
    const out = await withImageData([declared, img('x')], async (a) => {
      located++
      if (a.name === 'x') throw new Error('getFile refused')
      return at('/dot.png')
    }, 1024)
    expect(out).toEqual([declared, img('x')])
    expect(located).toBe(1)
  })
})
