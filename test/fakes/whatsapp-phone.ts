/**
 * The phone that scans a WhatsApp Web QR: it reads the companion's keys from the QR text and vouches
 * for the new device the way WhatsApp's ADV (account-device verification) scheme does. The account
 * key signs the device details plus the companion's identity key; an HMAC keyed by the companion's ADV
 * secret (which only the QR carried) seals the whole; the companion answers with its own device
 * signature, which `deviceSignatureValid` checks.
 */
import {
  Curve, WA_ADV_ACCOUNT_SIG_PREFIX, WA_ADV_DEVICE_SIG_PREFIX, getBinaryNodeChild, hmacSign, proto, type BinaryNode,
} from '@whiskeysockets/baileys'

interface ScannedQr {
  ref: string
  noiseKey: Buffer
  identityKey: Buffer
  advSecretKey: Buffer
  platform: string
}

/** The QR text is `ref,noiseKey,identityKey,advSecret,platform` (base64 keys), possibly behind a wa.me link. */
export function scanQr(qr: string): ScannedQr {
  const [ref, noise, identity, adv, platform] = qr.slice(qr.indexOf('#') + 1).split(',')
  if (!ref || !noise || !identity || !adv) throw new Error(`not a WhatsApp pairing QR: ${qr}`)
  const b64 = (s: string) => Buffer.from(s, 'base64')
  return { ref, noiseKey: b64(noise), identityKey: b64(identity), advSecretKey: b64(adv), platform: platform ?? '' }
}

export class FakePhone {
  /** The account's identity key (what `accountSignatureKey` names). */
  readonly account = Curve.generateKeyPair()
  private deviceDetails?: Uint8Array
  private scanned?: ScannedQr

  /** `jid`: the companion's device JID to assign, e.g. `15550001111:7@s.whatsapp.net`. */
  constructor(readonly jid: string, readonly lid: string) {}

  /**
   * The `pair-success` iq the server relays after this phone approved the scanned QR. `forged`: the
   * account signature is made with another key than the account key it names (the HMAC, keyed by the
   * QR's secret, still seals it), as someone relaying a pairing without the account's key would.
   */
  pairSuccess(qr: string, iqId = 'pair-1', opts: { forged?: boolean } = {}): BinaryNode {
    const scanned = (this.scanned = scanQr(qr))
    const keyIndex = 1
    this.deviceDetails = proto.ADVDeviceIdentity.encode({ rawId: 4242, timestamp: Math.floor(Date.now() / 1000), keyIndex }).finish()
    const signer = opts.forged ? Curve.generateKeyPair() : this.account
    const accountSignature = Curve.sign(signer.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, this.deviceDetails, scanned.identityKey]))
    const details = proto.ADVSignedDeviceIdentity.encode({ details: this.deviceDetails, accountSignatureKey: this.account.public, accountSignature }).finish()
    const hmac = hmacSign(Buffer.from(details), scanned.advSecretKey)
    return {
      tag: 'iq',
      attrs: { id: iqId, type: 'result', from: 's.whatsapp.net', t: String(Math.floor(Date.now() / 1000)) },
      content: [{
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: { 'key-index': String(keyIndex) }, content: proto.ADVSignedDeviceIdentityHMAC.encode({ details, hmac }).finish() },
          { tag: 'platform', attrs: { name: 'android' } },
          { tag: 'device', attrs: { jid: this.jid, lid: this.lid } },
        ],
      }],
    }
  }

  /** Checks the companion's `pair-device-sign` answer: its identity key signed our details and account key. */
  deviceSignatureValid(reply: BinaryNode): boolean {
    const sign = getBinaryNodeChild(reply, 'pair-device-sign')
    const identity = getBinaryNodeChild(sign, 'device-identity')
    if (!identity || !this.deviceDetails || !this.scanned) return false
    const signed = proto.ADVSignedDeviceIdentity.decode(identity.content as Uint8Array)
    const message = Buffer.concat([WA_ADV_DEVICE_SIG_PREFIX, this.deviceDetails, this.scanned.identityKey, this.account.public])
    return Curve.verify(this.scanned.identityKey, message, Buffer.from(signed.deviceSignature!))
  }
}
