/**
 * The login QR as a `data:image/png;base64,…` URL, the form the Control UI shows (`web.login.*`
 * `qrDataUrl`). uqr computes the module matrix; the PNG (8-bit greyscale, one IDAT) is written here
 * so that no image library, native or otherwise, is needed inside the compiled binary.
 */
import { crc32, deflateSync } from 'node:zlib'
import { encode } from 'uqr'

const SCALE = 6
const BORDER = 4

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

export function qrPngDataUrl(text: string): string {
  const { data, size } = encode(text, { border: BORDER, ecc: 'L' })
  const px = size * SCALE
  // Each row: a filter byte (0 = none) then one grey byte per pixel.
  const raw = Buffer.alloc((px + 1) * px, 0xff)
  for (let y = 0; y < px; y++) {
    const row = y * (px + 1)
    raw[row] = 0
    for (let x = 0; x < px; x++) if (data[Math.floor(y / SCALE)]![Math.floor(x / SCALE)]) raw[row + 1 + x] = 0
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(px, 0)
  ihdr.writeUInt32BE(px, 4)
  ihdr.set([8, 0, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}
