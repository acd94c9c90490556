/**
 * WhatsApp's media CDN for tests: files encrypted the way WhatsApp encrypts them (with Baileys' own
 * `encryptedStream`), served over loopback HTTP, so the real client downloads and decrypts them. A
 * message carries the returned fields (`url`, `mediaKey`, hashes, length) as the real server's do;
 * `url` without `directPath` makes Baileys fetch that URL itself. Every GET is recorded.
 */
import { encryptedStream } from '@whiskeysockets/baileys'
import { readFileSync, rmSync } from 'node:fs'

export type MediaFields = { url: string; mediaKey: Uint8Array; fileSha256: Uint8Array; fileEncSha256: Uint8Array; fileLength: number }

export class FakeWhatsAppMedia {
  private server?: ReturnType<typeof Bun.serve>
  private readonly files = new Map<string, Buffer>()
  private next = 1
  readonly downloads: string[] = []

  start(): this {
    this.server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req) => {
        const path = new URL(req.url).pathname
        this.downloads.push(path)
        const file = this.files.get(path)
        return file ? new Response(new Uint8Array(file)) : new Response('gone', { status: 404 })
      },
    })
    return this
  }

  stop(): void {
    this.server?.stop(true)
  }

  /** Encrypts `bytes` as media of `type` and serves them; returns the message fields that point at them. */
  async upload(bytes: Buffer, type: 'image' | 'audio' | 'document'): Promise<MediaFields> {
    const enc = await encryptedStream(bytes, type)
    const path = `/mms/${type}/${this.next++}.enc`
    this.files.set(path, readFileSync(enc.encFilePath))
    rmSync(enc.encFilePath, { force: true })
    return { url: `http://127.0.0.1:${this.server!.port}${path}`, mediaKey: enc.mediaKey, fileSha256: enc.fileSha256, fileEncSha256: enc.fileEncSha256, fileLength: enc.fileLength }
  }
}
