/**
 * A WhatsApp contact living inside the fake endpoint: its own Signal identity, signed pre-key and
 * one-time pre-key (handed to the client on a key fetch), so it can decrypt what the client sends and
 * encrypt what it sends back, with libsignal (the library Baileys itself uses).
 */
import { encodeBigEndian, proto, unpadRandomMax16, writeRandomPadMax16, type BinaryNode } from '@whiskeysockets/baileys'
import * as libsignal from 'libsignal'

// The package's typings omit `keyhelper`, which it does export.
const { generateIdentityKeyPair, generatePreKey, generateRegistrationId, generateSignedPreKey } = (libsignal as unknown as { keyhelper: Record<string, (...a: any[]) => any> }).keyhelper

type KeyPair = { pubKey: Buffer; privKey: Buffer }

export class FakePeer {
  readonly identity = generateIdentityKeyPair() as KeyPair
  readonly registrationId = generateRegistrationId() as number
  readonly signedPreKey = generateSignedPreKey(this.identity, 1) as { keyId: number; keyPair: KeyPair; signature: Buffer }
  readonly preKey = generatePreKey(31) as { keyId: number; keyPair: KeyPair }
  private readonly sessions = new Map<string, libsignal.SessionRecord>()
  // libsignal awaits every store call; its typings declare some of them synchronous.
  private readonly store = {
    getOurIdentity: async () => this.identity,
    getOurRegistrationId: async () => this.registrationId,
    isTrustedIdentity: () => true,
    saveIdentity: async () => false,
    loadPreKey: async (id: number) => (id === this.preKey.keyId ? this.preKey.keyPair : undefined),
    removePreKey: async () => undefined,
    loadSignedPreKey: async (id: number) => (id === this.signedPreKey.keyId ? this.signedPreKey.keyPair : undefined),
    loadSession: async (addr: string) => this.sessions.get(addr),
    storeSession: async (addr: string, record: libsignal.SessionRecord) => void this.sessions.set(addr, record),
  } as unknown as libsignal.SignalStorage

  /** `jid`: this contact's phone-number JID, e.g. `15550002222@s.whatsapp.net`. */
  constructor(readonly jid: string) {}

  /** The `<user>` entry of a pre-key fetch reply. */
  keyBundle(): BinaryNode {
    const bytes = (tag: string, content: Uint8Array): BinaryNode => ({ tag, attrs: {}, content })
    return {
      tag: 'user',
      attrs: { jid: this.jid },
      content: [
        bytes('registration', encodeBigEndian(this.registrationId, 4)),
        bytes('type', Buffer.from([5])),
        bytes('identity', this.identity.pubKey.subarray(1)),
        { tag: 'skey', attrs: {}, content: [bytes('id', encodeBigEndian(this.signedPreKey.keyId, 3)), bytes('value', this.signedPreKey.keyPair.pubKey.subarray(1)), bytes('signature', this.signedPreKey.signature)] },
        { tag: 'key', attrs: {}, content: [bytes('id', encodeBigEndian(this.preKey.keyId, 3)), bytes('value', this.preKey.keyPair.pubKey.subarray(1))] },
      ],
    }
  }

  /** Decrypts an `<enc>` the client addressed to us; `from` is the sending device (`user`, `device`). */
  async decrypt(from: { user: string; device: number }, enc: BinaryNode): Promise<proto.IMessage> {
    const cipher = new libsignal.SessionCipher(this.store, new libsignal.ProtocolAddress(from.user, from.device))
    const body = Buffer.from(enc.content as Uint8Array)
    const plain = enc.attrs.type === 'pkmsg' ? await cipher.decryptPreKeyWhisperMessage(body) : await cipher.decryptWhisperMessage(body)
    return proto.Message.decode(unpadRandomMax16(plain))
  }

  /** Encrypts a message for the client's device, over the session the client's first message opened. */
  async encrypt(to: { user: string; device: number }, message: proto.IMessage): Promise<BinaryNode> {
    const cipher = new libsignal.SessionCipher(this.store, new libsignal.ProtocolAddress(to.user, to.device))
    const { type, body } = await cipher.encrypt(writeRandomPadMax16(proto.Message.encode(message).finish()))
    return { tag: 'enc', attrs: { v: '2', type: type === 3 ? 'pkmsg' : 'msg' }, content: Buffer.from(body, 'binary') }
  }
}
