/**
 * The signature checks Baileys 7.0.0-rc14 gets wrong, done right around it (no fork).
 *
 * - `Curve.verify` there counts "libsignal's `verifySignature` did not throw" as valid, but the libsignal
 *   it installs (6.0.0) *returns* false for a bad signature. Every signature Baileys checks (the Noise
 *   certificate chain, the phone's account signature in `pair-success`) therefore passed. The checked
 *   `verify` installed here returns what the curve says.
 * - The Noise handshake never compares the leaf certificate's key with the server's static key, nor the
 *   leaf's issuer with the intermediate, nor the validity window, so a genuine chain replayed by anyone
 *   would pass even with a correct `verify`. The whole chain is checked here, against Baileys' pinned
 *   root (`WA_CERT_DETAILS`), at the point Baileys decodes it.
 *
 * Both are installed once, before the first socket (`createBaileysSocket` calls `installServerTrust`).
 * The chain check needs the server's static key, which Baileys' handshake keeps in a closure: within
 * its synchronous `processHandshake`, the static key is the peer key of the `Curve.sharedKey` call that
 * immediately precedes `proto.CertChain.decode`. Both are mutable exports of the pinned version; a check
 * that finds no static key refuses (fails closed), and the fake server's forged-chain tests fail if a
 * Baileys update moves them.
 */
import { Curve, WA_CERT_DETAILS, proto } from '@whiskeysockets/baileys'
import { verifySignature } from 'libsignal/src/curve.js'

/** The server (or the phone, when pairing) failed a signature or certificate check. */
class UntrustedPeerError extends Error {
  constructor(readonly why: string) {
    super(`refused: ${why}`)
    this.name = 'UntrustedPeerError'
  }
}

const SIGNAL_KEY_TYPE = 5

/** An X25519 public key in libsignal's 33-byte form (type byte + key). */
function signalKey(key: Uint8Array): Buffer {
  return key.length === 33 ? Buffer.from(key) : Buffer.concat([Buffer.from([SIGNAL_KEY_TYPE]), key])
}

/** XEdDSA signature check that returns the curve's answer (malformed keys or signatures are invalid). */
export function verifyCurveSignature(publicKey: Uint8Array | null | undefined, message: Uint8Array, signature: Uint8Array | null | undefined): boolean {
  if (!publicKey || !signature) return false
  try {
    return verifySignature(signalKey(publicKey), Buffer.from(message), Buffer.from(signature)) === true
  } catch {
    return false
  }
}

type Certificate = { details?: Uint8Array | null; signature?: Uint8Array | null } | null | undefined
type Details = ReturnType<typeof proto.CertChain.NoiseCertificate.Details.decode>

/** protobufjs hands uint64 fields over as a number or a Long; 0 means "not set". */
function seconds(value: unknown): number {
  if (value === null || value === undefined) return 0
  return typeof value === 'number' ? value : Number(String(value))
}

function checkValidity(name: string, details: Details, nowSeconds: number): void {
  const notBefore = seconds(details.notBefore)
  const notAfter = seconds(details.notAfter)
  if (notBefore && nowSeconds < notBefore) throw new UntrustedPeerError(`the server's ${name} certificate is not valid yet`)
  if (notAfter && nowSeconds > notAfter) throw new UntrustedPeerError(`the server's ${name} certificate has expired`)
}

/**
 * The Noise certificate chain: the intermediate is signed by the pinned root and issued under its
 * serial, the leaf is signed by the intermediate and issued under its serial, the leaf's key is the
 * static key the server proved it holds, and both are within their validity window.
 */
function checkCertificateChain(chain: { intermediate?: Certificate; leaf?: Certificate }, serverStatic: Uint8Array | undefined, nowSeconds = Date.now() / 1000): void {
  const { intermediate, leaf } = chain
  if (!intermediate?.details || !intermediate.signature || !leaf?.details || !leaf.signature) throw new UntrustedPeerError('the server sent an incomplete certificate chain')
  if (!verifyCurveSignature(WA_CERT_DETAILS.PUBLIC_KEY, intermediate.details, intermediate.signature)) {
    throw new UntrustedPeerError("the server's intermediate certificate is not signed by WhatsApp's root key")
  }
  const issuer = proto.CertChain.NoiseCertificate.Details.decode(intermediate.details)
  if (issuer.issuerSerial !== WA_CERT_DETAILS.SERIAL) throw new UntrustedPeerError("the server's intermediate certificate names another issuer")
  if (!verifyCurveSignature(issuer.key, leaf.details, leaf.signature)) throw new UntrustedPeerError("the server's leaf certificate is not signed by its intermediate")
  const details = proto.CertChain.NoiseCertificate.Details.decode(leaf.details)
  if (details.issuerSerial !== issuer.serial) throw new UntrustedPeerError("the server's leaf certificate names another issuer")
  if (!serverStatic || !details.key || !Buffer.from(details.key).equals(Buffer.from(serverStatic))) {
    throw new UntrustedPeerError("the server's certificate is for another key than the one it holds")
  }
  checkValidity('intermediate', issuer, nowSeconds)
  checkValidity('leaf', details, nowSeconds)
}

let installed = false

/** Installs the checked `Curve.verify` and the certificate-chain check into Baileys (idempotent). */
export function installServerTrust(): void {
  if (installed) return
  installed = true
  Curve.verify = verifyCurveSignature as typeof Curve.verify

  let lastPeerKey: Uint8Array | undefined
  const sharedKey = Curve.sharedKey
  Curve.sharedKey = (privateKey, publicKey) => {
    lastPeerKey = publicKey
    return sharedKey(privateKey, publicKey)
  }
  const decodeChain = proto.CertChain.decode.bind(proto.CertChain)
  proto.CertChain.decode = (reader, length) => {
    const serverStatic = lastPeerKey
    lastPeerKey = undefined
    const chain = decodeChain(reader, length)
    checkCertificateChain(chain, serverStatic)
    return chain
  }
}

/**
 * Why a close was a refusal of the peer, or undefined. Ours carry the reason; Baileys' own pairing
 * checks throw with these messages once `Curve.verify` answers truthfully.
 */
export function refusalOf(error: Error | undefined): string | undefined {
  if (!error) return undefined
  if (error instanceof UntrustedPeerError) return error.why
  if (error.message === 'Failed to verify account signature') return "the phone's pairing (pair-success) carries an account signature that does not verify"
  if (error.message === 'Invalid account signature') return "the phone's pairing (pair-success) is not sealed with this device's pairing secret"
  return undefined
}
