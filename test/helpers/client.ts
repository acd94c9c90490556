/**
 * A raw protocol client for tests: records every frame, exposes the close code/reason, and builds
 * `connect` params the way the real CLI does (optionally with a signed device identity).
 */
import { signDevice, type DeviceIdentity } from './device.ts'

export type Frame = Record<string, any>

export interface ConnectOptions {
  token?: string
  password?: string
  deviceToken?: string
  clientId?: string
  clientMode?: string
  role?: string
  scopes?: string[]
  device?: DeviceIdentity
  platform?: string
  deviceFamily?: string
  caps?: string[]
  commands?: string[]
  minProtocol?: number
  maxProtocol?: number
  /** Extra or replacement params merged last. */
  extra?: Record<string, unknown>
  signVersion?: 'v2' | 'v3'
}

export class TestClient {
  readonly frames: Frame[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  challenge!: Frame
  hello?: Frame
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = []
  private nextId = 1

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.addEventListener('close', (ev) => resolve({ code: ev.code, reason: ev.reason })))
    ws.addEventListener('message', (ev) => {
      let frame: Frame
      try {
        frame = JSON.parse(String(ev.data))
      } catch {
        return
      }
      this.frames.push(frame)
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(frame)
        }
      }
    })
  }

  /** Opens a socket and waits for `connect.challenge`. */
  static async open(url: string, headers?: Record<string, string>, tls?: Record<string, unknown>): Promise<TestClient> {
    const ws = new WebSocket(url, headers || tls ? ({ headers, tls } as never) : undefined)
    const client = new TestClient(ws)
    client.challenge = await client.waitFor((f) => f.type === 'event' && f.event === 'connect.challenge', 5000)
    return client
  }

  /** Opens, sends `connect`, and returns the client (check `.hello` or the close). */
  static async connect(url: string, opts: ConnectOptions = {}): Promise<TestClient> {
    const client = await TestClient.open(url)
    await client.sendConnect(opts)
    return client
  }

  connectParams(opts: ConnectOptions): Record<string, unknown> {
    const clientId = opts.clientId ?? 'cli'
    const clientMode = opts.clientMode ?? 'cli'
    const role = opts.role ?? 'operator'
    const scopes = opts.scopes ?? ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing']
    const auth: Record<string, string> = {}
    if (opts.token !== undefined) auth.token = opts.token
    if (opts.password !== undefined) auth.password = opts.password
    if (opts.deviceToken !== undefined) auth.deviceToken = opts.deviceToken
    const nonce = this.challenge.payload.nonce
    return {
      minProtocol: opts.minProtocol ?? 4,
      maxProtocol: opts.maxProtocol ?? 4,
      client: {
        id: clientId, version: '0.0.1-test', platform: opts.platform ?? 'linux', mode: clientMode,
        ...(opts.deviceFamily && { deviceFamily: opts.deviceFamily }),
      },
      role,
      scopes,
      caps: opts.caps ?? [],
      ...(opts.commands && { commands: opts.commands }),
      auth,
      ...(opts.device && {
        device: signDevice(opts.device, {
          clientId, clientMode, role, scopes, nonce, platform: opts.platform ?? 'linux', deviceFamily: opts.deviceFamily,
          token: auth.token ?? auth.deviceToken, version: opts.signVersion,
        }),
      }),
      ...opts.extra,
    }
  }

  /** Sends `connect`; resolves with its response frame (hello-ok or the error). */
  async sendConnect(opts: ConnectOptions): Promise<Frame> {
    const res = await this.request('connect', this.connectParams(opts))
    if (res.ok) this.hello = res.payload
    return res
  }

  sendRaw(data: string): void {
    this.ws.send(data)
  }

  /** Sends a request and waits for its first response frame. */
  request(method: string, params?: unknown, id = `r${this.nextId++}`): Promise<Frame> {
    const wait = this.waitFor((f) => f.type === 'res' && f.id === id)
    this.ws.send(JSON.stringify({ type: 'req', id, method, ...(params !== undefined && { params }) }))
    return wait
  }

  /** Like request, but throws unless ok; returns the payload. */
  async call(method: string, params: unknown = {}): Promise<any> {
    const res = await this.request(method, params)
    if (!res.ok) throw Object.assign(new Error(`${method}: ${res.error?.message}`), { error: res.error })
    return res.payload
  }

  waitFor(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const seen = this.frames.find(match)
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1)
      return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer)
          this.frames.splice(this.frames.indexOf(f), 1)
          resolve(f)
        },
      }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a frame`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  event(name: string, timeoutMs = 5000): Promise<Frame> {
    return this.waitFor((f) => f.type === 'event' && f.event === name, timeoutMs)
  }

  close(): void {
    this.ws.close()
  }
}
