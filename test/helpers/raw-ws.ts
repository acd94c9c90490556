/**
 * A WebSocket client over a plain TCP socket, for what a browser-grade client will not do: stop
 * reading (a slow consumer). Sends masked text frames; never parses what comes back.
 */
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'

export async function openRawWebSocket(port: number): Promise<{ socket: Socket; send(text: string): void }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.once('connect', () => {
      const key = randomBytes(16).toString('base64')
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    })
    socket.once('data', (chunk) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(chunk.toString()))))
  })
  return {
    socket,
    send(text) {
      const payload = Buffer.from(text, 'utf8')
      const mask = randomBytes(4)
      const len = payload.length
      const header = len < 126 ? Buffer.from([0x81, 0x80 | len]) : len < 65536 ? Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]) : (() => {
        const h = Buffer.alloc(10)
        h[0] = 0x81
        h[1] = 0x80 | 127
        h.writeBigUInt64BE(BigInt(len), 2)
        return h
      })()
      for (let i = 0; i < len; i++) payload[i]! ^= mask[i % 4]!
      socket.write(Buffer.concat([header, mask, payload]))
    },
  }
}
