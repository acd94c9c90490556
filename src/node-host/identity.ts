/**
 * The node host's persistent Ed25519 identity (`<stateDir>/identity/device.json`, mode 0600) and the
 * device token the gateway issued it (`identity/device-auth.json`). Same key → same node id forever.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface NodeIdentity {
  deviceId: string
  /** Raw 32-byte key, base64url: the wire form. */
  publicKey: string
  privateKey: KeyObject
}

interface IdentityFile {
  version: 1
  deviceId: string
  publicKeyPem: string
  privateKeyPem: string
  createdAtMs: number
}

const identityDir = (stateDir: string) => join(stateDir, 'identity')

/** Writes a secret file so that it is never readable by others, not even for a moment. */
function writePrivate(path: string, value: unknown): void {
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
  chmodSync(temp, 0o600)
  renameSync(temp, path)
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' }).subarray(12)
}

export function loadOrCreateIdentity(stateDir: string): NodeIdentity {
  const dir = identityDir(stateDir)
  const file = join(dir, 'device.json')
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as IdentityFile
    const privateKey = createPrivateKey(stored.privateKeyPem)
    const raw = rawPublicKey(createPublicKey(privateKey))
    return { deviceId: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64url'), privateKey }
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const deviceId = createHash('sha256').update(raw).digest('hex')
  writePrivate(file, {
    version: 1,
    deviceId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAtMs: Date.now(),
  } satisfies IdentityFile)
  return { deviceId, publicKey: raw.toString('base64url'), privateKey }
}

const lowerAscii = (s: string | undefined) => (s ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase())

/** The v3 device proof for `connect` (PROTOCOL.md §3.2). */
export function signConnect(
  identity: NodeIdentity,
  input: { clientId: string; clientMode: string; role: string; scopes: string[]; token: string; nonce: string; platform: string; deviceFamily?: string },
) {
  const signedAt = Date.now()
  const payload = [
    'v3', identity.deviceId, input.clientId, input.clientMode, input.role, input.scopes.join(','), String(signedAt),
    input.token, input.nonce, lowerAscii(input.platform), lowerAscii(input.deviceFamily),
  ].join('|')
  const signature = sign(null, Buffer.from(payload, 'utf8'), identity.privateKey).toString('base64url')
  return { id: identity.deviceId, publicKey: identity.publicKey, signature, signedAt, nonce: input.nonce }
}

export function loadDeviceToken(stateDir: string, deviceId: string): string | undefined {
  const file = join(identityDir(stateDir), 'device-auth.json')
  if (!existsSync(file)) return undefined
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { deviceId?: string; tokens?: { node?: { token?: string } } }
  return stored.deviceId === deviceId ? stored.tokens?.node?.token : undefined
}

export function saveDeviceToken(stateDir: string, deviceId: string, token: string): void {
  mkdirSync(identityDir(stateDir), { recursive: true, mode: 0o700 })
  writePrivate(join(identityDir(stateDir), 'device-auth.json'), { version: 1, deviceId, tokens: { node: { token, role: 'node', scopes: [], updatedAtMs: Date.now() } } })
}
