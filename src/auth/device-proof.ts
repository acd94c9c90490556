/**
 * Device identity proof (PROTOCOL.md §3.1–3.3): the raw Ed25519 key, its SHA-256 device id, and a
 * signature over the v3 (or v2) payload that binds this socket's challenge nonce.
 */
import { sha256Hex } from '../platform/crypto.ts'
import { GatewayError, SIGNATURE_SKEW_MS, type ConnectDevice, type ConnectParams } from '../protocol/index.ts'

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const MAX_B64_CHARS = 4096

/** Accepts raw base64url (the wire form), padded/standard base64, or a PEM; returns the 32 raw bytes. */
function rawPublicKey(input: string): Buffer | null {
  const text = input.trim()
  if (text.length > MAX_B64_CHARS) return null
  try {
    // A PEM public key is the SPKI DER in base64 between its armour lines.
    const body = text.startsWith('-----BEGIN PUBLIC KEY-----') ? text.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s+/g, '') : text
    const bytes = decodeBase64(body)
    if (bytes.length === 32) return bytes
    if (bytes.length === 44 && bytes.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) return bytes.subarray(12)
    return null
  } catch {
    return null
  }
}

const deviceIdOf = (raw: Buffer) => sha256Hex(raw)

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new Error('not base64')
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

const lowerAscii = (s: string | undefined) => (s ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase())

/** The signed payload strings, v3 first (the server tries it first). */
function signaturePayloads(params: ConnectParams, device: ConnectDevice): [v3: string, v2: string] {
  const a = params.auth
  const token = a?.token ?? a?.deviceToken ?? a?.bootstrapToken ?? ''
  const role = params.role ?? 'operator'
  const v2 = [
    'v2', device.id, params.client.id, params.client.mode, role, (params.scopes ?? []).join(','),
    String(device.signedAt), token, device.nonce,
  ]
  const v3 = ['v3', ...v2.slice(1), lowerAscii(params.client.platform), lowerAscii(params.client.deviceFamily)]
  return [v3.join('|'), v2.join('|')]
}

function deviceAuthError(code: string, reason: string, message: string): GatewayError {
  return new GatewayError('INVALID_REQUEST', message, { code, reason })
}

export interface VerifiedDevice {
  deviceId: string
  /** Raw key as base64url: the form we store. */
  publicKey: string
}

/** Runs every check of §3.3 in order; throws the first failure as the wire error. */
export async function verifyDeviceProof(params: ConnectParams, device: ConnectDevice, challengeNonce: string, now = Date.now()): Promise<VerifiedDevice> {
  const raw = rawPublicKey(device.publicKey)
  if (raw && deviceIdOf(raw) !== device.id) {
    throw deviceAuthError('DEVICE_AUTH_DEVICE_ID_MISMATCH', 'device-id-mismatch', 'device identity mismatch')
  }
  if (Math.abs(now - device.signedAt) > SIGNATURE_SKEW_MS) {
    throw deviceAuthError('DEVICE_AUTH_SIGNATURE_EXPIRED', 'device-signature-stale', 'device signature expired')
  }
  if (!device.nonce.trim()) throw deviceAuthError('DEVICE_AUTH_NONCE_REQUIRED', 'device-nonce-missing', 'device nonce required')
  if (device.nonce !== challengeNonce) {
    throw deviceAuthError('DEVICE_AUTH_NONCE_MISMATCH', 'device-nonce-mismatch', 'device nonce mismatch')
  }
  if (!raw) throw deviceAuthError('DEVICE_AUTH_PUBLIC_KEY_INVALID', 'device-public-key', 'device public key invalid')
  let signature: Buffer
  try {
    signature = decodeBase64(device.signature)
  } catch {
    signature = Buffer.alloc(0)
  }
  if (signature.length !== 64 || !(await verifiesAny(raw, signature, signaturePayloads(params, device)))) {
    throw deviceAuthError('DEVICE_AUTH_SIGNATURE_INVALID', 'device-signature', 'device signature invalid')
  }
  return { deviceId: device.id, publicKey: raw.toString('base64url') }
}

async function verifiesAny(raw: Buffer, signature: Buffer, payloads: string[]): Promise<boolean> {
  let key: CryptoKey
  try {
    key = await crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify'])
  } catch {
    throw deviceAuthError('DEVICE_AUTH_PUBLIC_KEY_INVALID', 'device-public-key', 'device public key invalid')
  }
  for (const payload of payloads) {
    if (await crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), new TextEncoder().encode(payload))) return true
  }
  return false
}
