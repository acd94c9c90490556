import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GatewayError } from '../protocol/index.ts'
import { readLocalMedia } from './local-file.ts'

let base: string
let root: string

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'oc-local-media-'))
  root = join(base, 'attachments')
  mkdirSync(join(root, 'ab'), { recursive: true })
  writeFileSync(join(root, 'ab', 'photo.png'), 'inside')
  writeFileSync(join(base, 'secret.txt'), 'outside')
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak'))
  symlinkSync(join(root, 'ab', 'photo.png'), join(root, 'alias'))
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

const codeOf = (p: Promise<unknown>) => p.then(() => 'read', (err) => (err instanceof GatewayError ? (err.details as { code: string }).code : String(err)))

test('a file inside the folder is read, by relative or absolute path, and through a symlink that stays inside', async () => {
  expect(Buffer.from(await readLocalMedia(root, 'ab/photo.png', 100)).toString()).toBe('inside')
  expect(Buffer.from(await readLocalMedia(root, join(root, 'ab', 'photo.png'), 100)).toString()).toBe('inside')
  expect(Buffer.from(await readLocalMedia(root, 'alias', 100)).toString()).toBe('inside')
})

test('`..`, an absolute path elsewhere and a symlink leading out are refused as outside the folder', async () => {
  expect(await codeOf(readLocalMedia(root, '../secret.txt', 100))).toBe('MEDIA_OUTSIDE_ROOT')
  expect(await codeOf(readLocalMedia(root, join(root, '..', 'secret.txt'), 100))).toBe('MEDIA_OUTSIDE_ROOT')
  expect(await codeOf(readLocalMedia(root, join(base, 'secret.txt'), 100))).toBe('MEDIA_OUTSIDE_ROOT')
  expect(await codeOf(readLocalMedia(root, 'leak', 100))).toBe('MEDIA_OUTSIDE_ROOT')
})

test('a missing file, a folder and a file over the limit are typed failures', async () => {
  expect(await codeOf(readLocalMedia(root, 'nope.png', 100))).toBe('MEDIA_FETCH_FAILED')
  expect(await codeOf(readLocalMedia(root, 'ab', 100))).toBe('MEDIA_FETCH_FAILED')
  expect(await codeOf(readLocalMedia(root, 'ab/photo.png', 3))).toBe('MEDIA_TOO_LARGE')
})
