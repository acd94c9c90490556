/**
 * A fake Telegram Bot API server on 127.0.0.1 for grammY (`client.apiRoot`): `getMe`, long-polled
 * `getUpdates` fed by `push()`, `sendMessage`, `editMessageText`, `deleteMessage`, `sendChatAction`, `getChat` (with a
 * chat's `available_reactions` when a test restricts them), webhook calls, and photos served
 * through `getFile` + `/file/bot<token>/<path>`. Failures can be queued
 * per method, and the server can go away and come back on the same port. Text sent with
 * `parse_mode: "HTML"` is checked as Telegram checks it (telegram-html.ts) and refused with its 400.
 */
import type { Server } from 'bun'
import { CallRecorder } from './recorder.ts'
import { checkTelegramHtml, CURRENT_TAGS } from './telegram-html.ts'

export const FAKE_BOT = { id: 999000, is_bot: true, first_name: 'Test Bot', username: 'test_bot' }

/** `when`: fail only a call whose body matches (the queue waits for one). */
type Failure = { status: number; description: string; retryAfter?: number; when?: (body: Record<string, any>) => boolean }

export class FakeTelegram {
  readonly recorder = new CallRecorder()
  private server?: Server<undefined>
  private updates: unknown[] = []
  private nextUpdateId = 1
  private nextMessageId = 1
  private pollers: (() => void)[] = []
  private failures = new Map<string, Failure[]>()
  private files = new Map<string, Uint8Array<ArrayBuffer>>()
  private rawUpdatesNext: unknown[] = []
  private rawBodyNext = new Map<string, string>()
  /** File downloads served, by path (a token-bearing URL is never recorded). */
  downloads: string[] = []
  port = 0
  /** getUpdates calls (counted, not recorded: a poller makes many). */
  polls = 0
  /** The highest update_id a getUpdates offset has confirmed (Telegram forgets it and everything before), and when (performance.now()). */
  confirmed = 0
  confirmedAt = 0
  /** Chats that allow only these emoji reactions (`getChat` → `available_reactions`); others allow all. */
  availableReactions = new Map<string, string[]>()
  /** The HTML tags this Bot API version knows (an older server knows fewer). */
  htmlTags: readonly string[] = CURRENT_TAGS

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  start(port = 0): this {
    this.server = Bun.serve({ hostname: '127.0.0.1', port, fetch: (req) => this.handle(req) })
    this.port = this.server.port!
    return this
  }

  /** Closes the listener and every open connection (the upstream "disappears"). */
  stop(): void {
    this.server?.stop(true)
    this.server = undefined
    for (const wake of this.pollers.splice(0)) wake()
  }

  /** Queues an update; `message` is merged into a plausible private-chat message unless `raw`. */
  push(update: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++
    this.updates.push({ update_id, ...update })
    for (const wake of this.pollers.splice(0)) wake()
    return update_id
  }

  /** Resolves once a getUpdates offset has confirmed `updateId`: the gateway handled it (answered, dropped or held). */
  async handled(updateId: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.confirmed < updateId) {
      if (Date.now() > deadline) throw new Error(`fake telegram: update ${updateId} never confirmed (confirmed up to ${this.confirmed})`)
      await Bun.sleep(10)
    }
  }

  pushText(text: string, opts: { chatId?: number; fromId?: number; chatType?: string; username?: string; isBot?: boolean; entities?: unknown[] } = {}): number {
    const fromId = opts.fromId ?? 4242
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: opts.chatId ?? fromId, type: opts.chatType ?? 'private', ...(opts.chatType && opts.chatType !== 'private' && { title: 'A group' }) },
        from: { id: fromId, is_bot: opts.isBot ?? false, first_name: 'Ada', username: opts.username ?? 'ada' },
        text,
        ...(opts.entities && { entities: opts.entities }),
      },
    })
  }

  /** Queues a photo message whose largest size is `bytes` (served by getFile and the file route). */
  pushPhoto(bytes: Uint8Array, opts: { caption?: string; fromId?: number; fileSize?: number } = {}): number {
    const fromId = opts.fromId ?? 4242
    const fileId = `photo-${this.files.size + 1}`
    this.files.set(fileId, new Uint8Array(bytes))
    const size = opts.fileSize ?? bytes.byteLength
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: fromId, type: 'private' },
        from: { id: fromId, is_bot: false, first_name: 'Ada', username: 'ada' },
        photo: [
          { file_id: `${fileId}-thumb`, file_unique_id: 't', width: 90, height: 90, file_size: 10 },
          { file_id: fileId, file_unique_id: 'u', width: 800, height: 800, file_size: size },
        ],
        ...(opts.caption && { caption: opts.caption }),
      },
    })
  }

  /** Queues a voice note (OGG/Opus as Telegram records them) whose file is `bytes`. */
  pushVoice(bytes: Uint8Array, opts: { caption?: string; fromId?: number; chatId?: number; chatType?: string } = {}): number {
    const fromId = opts.fromId ?? 4242
    const fileId = `voice-${this.files.size + 1}`
    this.files.set(fileId, new Uint8Array(bytes))
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: opts.chatId ?? fromId, type: opts.chatType ?? 'private', ...(opts.chatType && opts.chatType !== 'private' && { title: 'A group' }) },
        from: { id: fromId, is_bot: false, first_name: 'Ada', username: 'ada' },
        voice: { file_id: fileId, file_unique_id: 'v', duration: 2, mime_type: 'audio/ogg', file_size: bytes.byteLength },
        ...(opts.caption && { caption: opts.caption }),
      },
    })
  }

  /** The next getUpdates result carries these entries as they are (malformed-input tests: null, wrong types…). */
  pushRawUpdates(...entries: unknown[]): void {
    this.rawUpdatesNext.push(...entries)
    for (const wake of this.pollers.splice(0)) wake()
  }

  /** The next call of `method` is answered with this body verbatim (non-JSON, a wrong `result` type…). */
  answerRawNext(method: string, body: string): void {
    this.rawBodyNext.set(method, body)
    for (const wake of this.pollers.splice(0)) wake()
  }

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure])
  }

  sent(chatId?: number | string): string[] {
    return this.recorder.of('sendMessage').filter((c) => chatId === undefined || String(c.body.chat_id) === String(chatId)).map((c) => c.body.text)
  }

  private async handle(req: Request): Promise<Response> {
    const file = new URL(req.url).pathname.match(/^\/file\/bot[^/]+\/photos\/(.+)$/)
    if (file) {
      const bytes = this.files.get(file[1]!)
      this.downloads.push(file[1]!)
      return bytes ? new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }) : new Response('not found', { status: 404 })
    }
    const match = new URL(req.url).pathname.match(/^\/bot([^/]+)\/(\w+)$/)
    if (!match) return Response.json({ ok: false, error_code: 404, description: 'Not Found' }, { status: 404 })
    const method = match[2]!
    const text = await req.text()
    const body = text ? JSON.parse(text) : {}
    const refused = body.parse_mode === 'HTML' && typeof body.text === 'string' ? checkTelegramHtml(body.text, this.htmlTags) : undefined
    const queued = this.failures.get(method)
    const failure = (queued?.[0] && (!queued[0].when || queued[0].when(body)) ? queued.shift() : undefined) ?? (refused ? { status: 400, description: refused } : undefined)
    if (failure) {
      this.recorder.record({ method: `${method}:failed`, body })
      return Response.json(
        { ok: false, error_code: failure.status, description: failure.description, ...(failure.retryAfter !== undefined && { parameters: { retry_after: failure.retryAfter } }) },
        { status: failure.status },
      )
    }
    const raw = this.rawBodyNext.get(method)
    if (raw !== undefined) {
      this.rawBodyNext.delete(method)
      this.recorder.record({ method: `${method}:raw`, body })
      return new Response(raw, { headers: { 'content-type': 'application/json' } })
    }
    if (method === 'getUpdates') this.polls++
    else this.recorder.record({ method, body })
    return Response.json({ ok: true, result: await this.answer(method, body) })
  }

  private async answer(method: string, body: Record<string, any>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return FAKE_BOT
      case 'getUpdates': {
        const offset = body.offset ?? 0
        if (offset - 1 > this.confirmed) (this.confirmed = offset - 1), (this.confirmedAt = performance.now())
        this.updates = this.updates.filter((u: any) => typeof u.update_id !== 'number' || u.update_id >= offset)
        if (this.updates.length === 0 && this.rawUpdatesNext.length === 0) {
          // Hold the poll like Telegram does, but briefly, so tests wind down fast.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(1000, (body.timeout ?? 0) * 1000))
            this.pollers.push(() => (clearTimeout(timer), resolve()))
          })
        }
        // Telegram hands out at most `limit` (default and maximum 100) updates per call.
        return [...this.rawUpdatesNext.splice(0), ...this.updates.slice(0, Math.min(100, body.limit ?? 100))]
      }
      case 'getFile':
        return { file_id: body.file_id, file_unique_id: 'u', file_size: this.files.get(body.file_id)?.byteLength, file_path: `photos/${body.file_id}` }
      case 'getChat': {
        const allowed = this.availableReactions.get(String(body.chat_id))
        return { id: Number(body.chat_id), type: 'supergroup', ...(allowed && { available_reactions: allowed.map((emoji) => ({ type: 'emoji', emoji })) }) }
      }
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text }
      default:
        return true
    }
  }
}
