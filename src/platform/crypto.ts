/**
 * Hashing and randomness from Bun's built-ins. `node:crypto` costs milliseconds to load, and the
 * gateway's start-up path needs none of what only it has; the rare users (TLS, key parsing) load it lazily.
 */

export function sha256(data: string | Uint8Array): Buffer {
  return Buffer.from(new Bun.CryptoHasher('sha256').update(data).digest().buffer)
}

export const sha256Hex = (data: string | Uint8Array) => new Bun.CryptoHasher('sha256').update(data).digest('hex')

export function randomBytes(length: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(length)))
}

/** Equal-length buffers compared in time independent of where they differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}
