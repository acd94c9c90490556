import { expect, test } from 'bun:test'
import { Curve } from '@whiskeysockets/baileys'
import { installServerTrust, verifyCurveSignature } from './server-trust.ts'

const signer = Curve.generateKeyPair()
const other = Curve.generateKeyPair()
const message = Buffer.from('noise certificate details')
const signature = Curve.sign(signer.private, message)

test('a signature verifies only with its own key, message and bytes', () => {
  expect(verifyCurveSignature(signer.public, message, signature)).toBe(true)
  expect(verifyCurveSignature(other.public, message, signature)).toBe(false)
  expect(verifyCurveSignature(signer.public, Buffer.from('other details'), signature)).toBe(false)
  expect(verifyCurveSignature(signer.public, message, Buffer.alloc(64, 7))).toBe(false)
  expect(verifyCurveSignature(signer.public, message, Buffer.alloc(12))).toBe(false)
  expect(verifyCurveSignature(Buffer.alloc(5), message, signature)).toBe(false)
  expect(verifyCurveSignature(undefined, message, signature)).toBe(false)
})

test('Baileys\' own Curve.verify answers truthfully once the checked one is installed', () => {
  installServerTrust()
  expect(Curve.verify(signer.public, message, signature)).toBe(true)
  expect(Curve.verify(other.public, message, signature)).toBe(false)
  expect(Curve.verify(signer.public, message, Buffer.alloc(64, 7))).toBe(false)
})
