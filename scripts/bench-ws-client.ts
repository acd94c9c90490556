/**
 * A WebSocket client for benchmarks that costs the machine as little as it can: a raw TCP socket,
 * frames cut from the bytes by their headers, and only the frames the caller wants (by their first
 * bytes) handed on, as the bytes themselves: the caller decodes what it needs of them. The benchmark
 * client shares the two cores with the gateway it measures; the WebSocket class would spend more CPU
 * reading the gateway's frames than the gateway sending them.
 */
import type { Socket } from 'bun'

/** A text frame's payload: `bytes[start..end)` (valid only during the call). */
export type OnFrame = (bytes: Buffer, start: number, end: number) => void

export class RawWsClient {
  frames = 0
  private pending: Buffer | undefined
  private socket!: Socket<undefined>
  private upgraded = false
  private onUpgrade!: (err?: Error) => void

  private prefix = Buffer.alloc(0)
  private constructor(private onFrame: OnFrame) {}

  /** `onFrame` gets every text frame, until `only()` narrows them. */
  static async connect(url: string, onFrame: OnFrame): Promise<RawWsClient> {
    const { hostname, port, pathname } = new URL(url)
    const client = new RawWsClient(onFrame)
    const upgraded = new Promise<void>((resolve, reject) => (client.onUpgrade = (err) => (err ? reject(err) : resolve())))
    client.socket = await Bun.connect({
      hostname, port: Number(port),
      socket: {
        data: (_s, chunk) => client.onData(chunk),
        close: () => client.onUpgrade(new Error('closed during the upgrade')),
        error: (_s, err) => client.onUpgrade(err),
      },
    })
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
    client.socket.write(`GET ${pathname || '/'} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    await upgraded
    return client
  }

  /** From now on only the text frames whose first bytes are `prefix` are handed on. */
  only(prefix: string): void {
    this.prefix = Buffer.from(prefix)
  }

  /** One masked text frame (a client must mask what it sends). */
  send(text: string): void {
    this.write(1, Buffer.from(text))
  }

  close(): void {
    this.write(8, Buffer.from([0x03, 0xe8]))
    this.socket.end()
  }

  private write(opcode: number, payload: Buffer): void {
    const n = payload.length
    const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 255]) : Buffer.alloc(10)
    if (n >= 65536) {
      head[0] = 0x80 | opcode
      head[1] = 0x80 | 127
      head.writeBigUInt64BE(BigInt(n), 2)
    }
    const mask = crypto.getRandomValues(new Uint8Array(4))
    for (let i = 0; i < n; i++) payload[i]! ^= mask[i & 3]!
    this.socket.write(Buffer.concat([head, mask, payload]))
  }

  private onData(chunk: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = undefined
    if (!this.upgraded) {
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return void (this.pending = buf)
      if (!buf.subarray(0, 12).toString('latin1').includes(' 101')) return this.onUpgrade(new Error(buf.subarray(0, end).toString()))
      this.upgraded = true
      this.onUpgrade()
      // Frames that came with the upgrade answer wait until the caller, resumed by it, is listening.
      if (buf.length > end + 4) {
        this.pending = Buffer.from(buf.subarray(end + 4))
        setImmediate(() => this.onData(Buffer.alloc(0)))
      }
      return
    }
    let at = 0
    while (buf.length - at >= 2) {
      const opcode = buf[at]! & 0x0f
      let len = buf[at + 1]! & 0x7f
      let start = at + 2
      if (len === 126) {
        if (buf.length - at < 4) break
        len = buf.readUInt16BE(at + 2)
        start = at + 4
      } else if (len === 127) {
        if (buf.length - at < 10) break
        len = Number(buf.readBigUInt64BE(at + 2))
        start = at + 10
      }
      if (buf.length < start + len) break
      if (opcode === 1) {
        this.frames++
        if (len >= this.prefix.length && buf.compare(this.prefix, 0, this.prefix.length, start, start + this.prefix.length) === 0) this.onFrame(buf, start, start + len)
      } else if (opcode === 9) this.write(10, Buffer.from(buf.subarray(start, start + len)))
      at = start + len
    }
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at))
  }
}
