/** The auth state on disk survives a crash mid-write: the next load sees the last complete state. */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'

let dir: string
beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'oc-wa-auth-')), 'default')))
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }))

test('credentials and Signal keys round-trip, Buffers included; clear forgets them', async () => {
  const store = createAuthStore(dir)
  const first = store.load()
  expect(store.isLinked()).toBe(false)
  first.state.creds.me = { id: '15550001111:2@s.whatsapp.net' }
  first.saveCreds()
  await first.state.keys.set({ session: { '15550002222.0': Buffer.from('session-bytes') as unknown as Uint8Array }, 'pre-key': { '7': { public: Buffer.alloc(32, 7), private: Buffer.alloc(32, 8) } } })
  await first.state.keys.set({ 'pre-key': { '7': null } })

  const again = createAuthStore(dir).load()
  expect(again.state.creds.noiseKey.public).toEqual(first.state.creds.noiseKey.public)
  expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true)
  expect(await again.state.keys.get('session', ['15550002222.0', 'missing'])).toEqual({ '15550002222.0': Buffer.from('session-bytes') })
  expect(await again.state.keys.get('pre-key', ['7'])).toEqual({})
  expect(store.isLinked()).toBe(true)
  store.clear()
  expect(store.isLinked()).toBe(false)
})

test('a torn temp file left by a crash is ignored and cleaned up', () => {
  const store = createAuthStore(dir)
  const { state, saveCreds } = store.load()
  state.creds.me = { id: 'complete@s.whatsapp.net' }
  saveCreds()
  writeFileSync(join(dir, 'creds.json.4242.abc.tmp'), '{"me":{"id":"torn@s.wh')
  const loaded = createAuthStore(dir).load()
  expect(loaded.state.creds.me?.id).toBe('complete@s.whatsapp.net')
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
})

test('a writer killed mid-write leaves the last complete generation', async () => {
  // 1 MiB file-size limit: generations 1–3 fit, the 4th write is cut off by the kernel part-way.
  const child = Bun.spawn(['bash', '-c', 'ulimit -f 1024 && exec "$0" "$1" "$2"', process.execPath, join(import.meta.dir, 'auth-writer.ts'), dir], { stdout: 'pipe', stderr: 'pipe' })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  expect(code).not.toBe(0)
  const confirmed = out.trim().split('\n').map(Number)
  expect(confirmed).toEqual([1, 2, 3])

  const { state } = createAuthStore(dir).load()
  expect(state.creds.me?.id).toBe('3@s.whatsapp.net')
  expect(state.creds.me?.name).toHaveLength(3 * 256 * 1024)
  expect(Object.keys(await state.keys.get('pre-key', ['3', '4']))).toEqual(['3', '4'])
})
