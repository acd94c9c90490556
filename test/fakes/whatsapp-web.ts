/**
 * A fake WhatsApp Web endpoint on 127.0.0.1 for the real Baileys client: the Noise XX handshake as the
 * responder, a certificate chain signed by a root key the fake owns, then binary-node stanzas over
 * the Noise transport. Baileys checks the chain against `WA_CERT_DETAILS.PUBLIC_KEY`, an exported
 * (mutable) constant: `trustFakeRoot()` points it at the fake's root key, in this process only, and
 * `distrustFakeRoot()` puts WhatsApp's own key back. `forgedCertificate` makes the chain wrong in one
 * way each, for the tests that prove the client refuses it.
 */
import {
  Curve, NOISE_MODE, NOISE_WA_HEADER, WA_CERT_DETAILS, aesDecryptGCM, aesEncryptGCM, decodeBinaryNode, encodeBinaryNode, hkdf, proto, sha256,
  type BinaryNode,
} from '@whiskeysockets/baileys'
import type { ServerWebSocket } from 'bun'

const root = Curve.generateKeyPair()
const WHATSAPP_ROOT = WA_CERT_DETAILS.PUBLIC_KEY

/** Makes this process's Baileys accept certificates issued by the fake's root key. */
export function trustFakeRoot(): void {
  WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(root.public)
}

/** Back to WhatsApp's own root key: the fake's chain, however well formed, is no longer trusted. */
export function distrustFakeRoot(): void {
  WA_CERT_DETAILS.PUBLIC_KEY = WHATSAPP_ROOT
}

/**
 * One way each to get the chain wrong: an intermediate signed by a root nobody trusts, a leaf not
 * signed by its intermediate, a genuine chain for another key than the server's (a replayed
 * certificate), a leaf past its validity.
 */
export type ForgedCertificate = 'untrusted-root' | 'unsigned-leaf' | 'other-key' | 'expired'

const iv = (counter: number) => {
  const b = new Uint8Array(12)
  new DataView(b.buffer).setUint32(8, counter)
  return b
}

/** The responder side of Baileys' Noise_XX_25519_AESGCM_SHA256 (mirrors what the client computes). */
class NoiseResponder {
  private hash: Buffer = Buffer.from(NOISE_MODE)
  private salt: Buffer = this.hash
  private key: Buffer = this.hash
  private counter = 0
  private readonly ephemeral = Curve.generateKeyPair()
  private readonly static = Curve.generateKeyPair()
  private transport?: { enc: Buffer; dec: Buffer; r: number; w: number }

  constructor(private readonly forged?: ForgedCertificate) {
    this.authenticate(NOISE_WA_HEADER)
  }

  private authenticate(data: Uint8Array) {
    if (!this.transport) this.hash = sha256(Buffer.concat([this.hash, data]))
  }
  private mix(data: Uint8Array) {
    const out = hkdf(Buffer.from(data), 64, { salt: this.salt, info: '' })
    this.salt = Buffer.from(out.subarray(0, 32))
    this.key = Buffer.from(out.subarray(32))
    this.counter = 0
  }
  private encrypt(plain: Uint8Array): Buffer {
    const out = aesEncryptGCM(plain, this.key, iv(this.counter++), this.hash)
    this.authenticate(out)
    return out
  }
  private decrypt(cipher: Uint8Array): Buffer {
    const out = aesDecryptGCM(cipher, this.key, iv(this.counter++), this.hash)
    this.authenticate(cipher)
    return out
  }

  /** ClientHello → ServerHello (our ephemeral, our static key and the certificate chain, encrypted). */
  hello(clientEphemeral: Uint8Array): Uint8Array {
    this.authenticate(clientEphemeral)
    this.authenticate(this.ephemeral.public)
    this.mix(Curve.sharedKey(this.ephemeral.private, clientEphemeral))
    const staticEnc = this.encrypt(this.static.public)
    this.mix(Curve.sharedKey(this.static.private, clientEphemeral))
    const payload = this.encrypt(certChain(this.static.public, this.forged))
    return proto.HandshakeMessage.encode({ serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload } }).finish()
  }

  /** ClientFinish → the client's login or registration payload; the channel switches to transport keys. */
  finish(clientStaticEnc: Uint8Array, payloadEnc: Uint8Array): { payload: proto.ClientPayload; clientStatic: Buffer } {
    const clientStatic = this.decrypt(clientStaticEnc)
    this.mix(Curve.sharedKey(this.ephemeral.private, clientStatic))
    const payload = proto.ClientPayload.decode(this.decrypt(payloadEnc))
    const keys = hkdf(Buffer.alloc(0), 64, { salt: this.salt, info: '' })
    // The client writes with the first half and reads with the second.
    this.transport = { dec: Buffer.from(keys.subarray(0, 32)), enc: Buffer.from(keys.subarray(32)), r: 0, w: 0 }
    return { payload, clientStatic }
  }

  seal(plain: Uint8Array): Buffer {
    const t = this.transport!
    return aesEncryptGCM(plain, t.enc, iv(t.w++), Buffer.alloc(0))
  }
  open(cipher: Uint8Array): Buffer {
    const t = this.transport!
    return aesDecryptGCM(cipher, t.dec, iv(t.r++), Buffer.alloc(0))
  }
}

function certChain(serverStatic: Uint8Array, forged?: ForgedCertificate): Uint8Array {
  const now = Math.floor(Date.now() / 1000)
  const stranger = () => Curve.generateKeyPair()
  const intermediateKey = Curve.generateKeyPair()
  const intermediateDetails = proto.CertChain.NoiseCertificate.Details.encode({ serial: 1, issuerSerial: WA_CERT_DETAILS.SERIAL, key: intermediateKey.public, notBefore: now - 86_400, notAfter: now + 86_400 }).finish()
  const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: 2,
    issuerSerial: 1,
    key: forged === 'other-key' ? stranger().public : serverStatic,
    notBefore: forged === 'expired' ? now - 7200 : now - 3600,
    notAfter: forged === 'expired' ? now - 3600 : now + 3600,
  }).finish()
  const rootKey = forged === 'untrusted-root' ? stranger() : root
  const leafSigner = forged === 'unsigned-leaf' ? stranger() : intermediateKey
  return proto.CertChain.encode({
    intermediate: { details: intermediateDetails, signature: Curve.sign(rootKey.private, intermediateDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(leafSigner.private, leafDetails) },
  }).finish()
}

interface Session {
  noise: NoiseResponder
  buffered: Buffer
  introSeen: boolean
  loggedIn: boolean
  payload?: proto.ClientPayload
}

export type StanzaHandler = (node: BinaryNode, reply: (node: BinaryNode) => void) => boolean | void

export class FakeWhatsAppWeb {
  private server?: ReturnType<typeof Bun.serve>
  private readonly sockets = new Set<ServerWebSocket<Session>>()
  /** Every stanza the client sent after the handshake, in order. */
  readonly received: BinaryNode[] = []
  readonly logins: proto.ClientPayload[] = []
  /** Devices that registered (no account yet) and were sent QR refs: payload and Noise static key. */
  readonly registrations: { payload: proto.ClientPayload; noiseKey: Buffer }[] = []
  /** The refs a registering device turns into QR codes, one per rotation. */
  qrRefs = ['ref-1', 'ref-2']
  private readonly waiters: { match: (n: BinaryNode) => boolean; resolve: (n: BinaryNode) => void }[] = []
  private readonly handlers: StanzaHandler[] = []
  /** The `lid` the success node announces for the logged-in user. */
  lid = '99887766@lid'
  /** ClientHellos received: one per connection attempt the client makes. */
  handshakes = 0

  constructor(private readonly opts: { forgedCertificate?: ForgedCertificate } = {}) {}

  get url(): string {
    return `ws://127.0.0.1:${this.server!.port}/ws/chat`
  }

  start(): this {
    this.server = Bun.serve<Session>({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req, server) => (server.upgrade(req, { data: { noise: new NoiseResponder(this.opts.forgedCertificate), buffered: Buffer.alloc(0), introSeen: false, loggedIn: false } }) ? undefined : new Response('upgrade required', { status: 426 })),
      websocket: {
        open: (ws) => void this.sockets.add(ws),
        close: (ws) => void this.sockets.delete(ws),
        message: (ws, data) => void this.onData(ws, Buffer.from(data as Uint8Array)).catch((err) => {
          console.error('fake whatsapp: dropped a frame:', err)
          ws.close()
        }),
      },
    })
    return this
  }

  stop(): void {
    for (const ws of this.sockets) ws.close()
    this.server?.stop(true)
  }

  /** Handles stanzas of a kind (e.g. key fetches); return true to mark the stanza as answered. */
  on(handler: StanzaHandler): void {
    this.handlers.push(handler)
  }

  waitFor(match: (n: BinaryNode) => boolean, timeoutMs = 10_000): Promise<BinaryNode> {
    const seen = this.received.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake whatsapp: the awaited stanza never came')), timeoutMs)
      this.waiters.push({ match, resolve: (n) => (clearTimeout(timer), resolve(n)) })
    })
  }

  /** Sends a stanza to every client past the handshake (logged in, or registering for a QR). */
  push(node: BinaryNode): void {
    for (const ws of this.sockets) if (ws.data.loggedIn) this.sendNode(ws, node)
  }

  /** Sends bytes that are sealed like a stanza but are not a binary node (malformed-input tests). */
  pushSealedBytes(bytes: Uint8Array): void {
    for (const ws of this.sockets) if (ws.data.loggedIn) this.sendFrame(ws, ws.data.noise.seal(bytes))
  }

  /** Closes every client connection (as a network drop would). */
  dropAll(): void {
    for (const ws of this.sockets) ws.close()
  }

  /** Ends every stream with a `stream:error` (515 = restart required, as after a pairing). */
  streamError(code: number): void {
    this.push({ tag: 'stream:error', attrs: { code: String(code) } })
  }

  private sendFrame(ws: ServerWebSocket<Session>, payload: Uint8Array) {
    const frame = Buffer.alloc(3 + payload.length)
    frame.writeUIntBE(payload.length, 0, 3)
    frame.set(payload, 3)
    ws.send(frame)
  }

  private sendNode(ws: ServerWebSocket<Session>, node: BinaryNode) {
    this.sendFrame(ws, ws.data.noise.seal(encodeBinaryNode(node)))
  }

  private async onData(ws: ServerWebSocket<Session>, data: Buffer) {
    const s = ws.data
    s.buffered = Buffer.concat([s.buffered, data])
    if (!s.introSeen) {
      if (s.buffered.length < NOISE_WA_HEADER.length) return
      s.buffered = s.buffered.subarray(NOISE_WA_HEADER.length)
      s.introSeen = true
    }
    while (s.buffered.length >= 3) {
      const size = s.buffered.readUIntBE(0, 3)
      if (s.buffered.length < 3 + size) return
      const frame = s.buffered.subarray(3, 3 + size)
      s.buffered = s.buffered.subarray(3 + size)
      await this.onFrame(ws, frame)
    }
  }

  private async onFrame(ws: ServerWebSocket<Session>, frame: Buffer) {
    const s = ws.data
    if (!s.payload) {
      const msg = proto.HandshakeMessage.decode(frame)
      if (msg.clientHello?.ephemeral) {
        this.handshakes++
        return this.sendFrame(ws, s.noise.hello(msg.clientHello.ephemeral))
      }
      if (msg.clientFinish?.static && msg.clientFinish.payload) {
        const { payload, clientStatic } = s.noise.finish(msg.clientFinish.static, msg.clientFinish.payload)
        s.payload = payload
        s.loggedIn = true
        // A device with no account yet registers: the server hands it QR refs and waits for a phone.
        if (payload.devicePairingData && !payload.username) {
          this.registrations.push({ payload, noiseKey: clientStatic })
          return this.sendNode(ws, pairDevice(this.qrRefs))
        }
        this.logins.push(s.payload)
        return this.sendNode(ws, { tag: 'success', attrs: { t: String(Math.floor(Date.now() / 1000)), lid: this.lid, location: 'fake', props: '1' } })
      }
      throw new Error('unexpected handshake message')
    }
    const node = await decodeBinaryNode(s.noise.open(frame))
    this.received.push(node)
    for (const w of [...this.waiters]) if (w.match(node)) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve(node))
    const reply = (n: BinaryNode) => this.sendNode(ws, n)
    for (const h of this.handlers) if (h(node, reply)) return
    answerByDefault(node, reply)
  }
}

function pairDevice(refs: string[]): BinaryNode {
  const content = refs.map((ref) => ({ tag: 'ref', attrs: {}, content: Buffer.from(ref) }))
  return { tag: 'iq', attrs: { id: 'pair-device-1', type: 'set', from: 's.whatsapp.net', xmlns: 'md' }, content: [{ tag: 'pair-device', attrs: {}, content }] }
}

/** Every iq gets a result (so nothing waits for a timeout); a pre-key count says "plenty". */
function answerByDefault(node: BinaryNode, reply: (n: BinaryNode) => void) {
  if (node.tag !== 'iq' || node.attrs.type === 'result' || node.attrs.type === 'error') return
  const children = Array.isArray(node.content) ? (node.content as BinaryNode[]) : []
  const content = children.some((c) => c.tag === 'count') ? [{ tag: 'count', attrs: { value: '50' } }] : undefined
  reply({ tag: 'iq', attrs: { id: node.attrs.id!, type: 'result', from: 's.whatsapp.net' }, ...(content && { content }) })
}
