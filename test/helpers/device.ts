/** A real Ed25519 device identity, signing connect payloads the way real clients do. */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

export interface DeviceIdentity {
  id: string
  publicKey: string
  privateKey: KeyObject
}

export function createDeviceIdentity(): DeviceIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(12)
  return { id: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64url'), privateKey }
}

export interface SignInput {
  clientId: string
  clientMode: string
  role?: string
  scopes?: string[]
  token?: string
  nonce: string
  signedAt?: number
  platform?: string
  deviceFamily?: string
  version?: 'v2' | 'v3'
}

const lower = (s?: string) => (s ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase())

export function signDevice(identity: DeviceIdentity, input: SignInput) {
  const signedAt = input.signedAt ?? Date.now()
  const fields = [
    input.version ?? 'v3', identity.id, input.clientId, input.clientMode, input.role ?? 'operator',
    (input.scopes ?? []).join(','), String(signedAt), input.token ?? '', input.nonce,
  ]
  if ((input.version ?? 'v3') === 'v3') fields.push(lower(input.platform), lower(input.deviceFamily))
  const signature = sign(null, Buffer.from(fields.join('|'), 'utf8'), identity.privateKey).toString('base64url')
  return { id: identity.id, publicKey: identity.publicKey, signature, signedAt, nonce: input.nonce }
}

/** Rebuilds an identity from its PKCS#8 PEM (a child process gets the key this way). */
export function identityFromPrivateKeyPem(pem: string): DeviceIdentity {
  const privateKey = createPrivateKey(pem)
  const raw = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(12)
  return { id: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64url'), privateKey }
}

export const privateKeyPem = (identity: DeviceIdentity) => identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
