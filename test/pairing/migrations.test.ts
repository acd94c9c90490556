import { afterEach, expect, test } from 'bun:test'
import { Database } from 'bun:sqlite'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { migrate, openDatabase } from '../../src/store/db.ts'
import { MIGRATIONS } from '../../src/store/migrations/index.ts'
import { createPairingStore } from '../../src/store/pairing-store.ts'
import { tempStateDir } from '../helpers/gateway.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A database exactly as the first released schema left it, with a device, a token and a request in it. */
function createVersion1Database(): { stateDir: string; token: string; requestId: string } {
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  mkdirSync(join(stateDir, 'state'), { recursive: true })
  const db = new Database(join(stateDir, 'state', 'openclaw.sqlite'), { create: true, strict: true })
  expect(migrate(db, MIGRATIONS.filter((m) => m.version === 1))).toBe(1)
  const store = createPairingStore(db)
  store.approveDevice({ deviceId: 'd1', publicKey: 'k1', roles: ['operator'], scopes: ['operator.read'], approvedVia: 'owner', platform: 'linux' })
  const { token } = store.issueToken('d1', 'operator', ['operator.read'])
  const { request } = store.requestPairing({ deviceId: 'd2', publicKey: 'k2', role: 'node', scopes: [], reason: 'not-paired', isRepair: false })
  db.close()
  return { stateDir, token, requestId: request.requestId }
}

test('migration numbers are 1..n without gaps', () => {
  expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
})

test('an old-version database is migrated in place and keeps its devices, tokens and requests', () => {
  const { stateDir, token, requestId } = createVersion1Database()
  const db = openDatabase(stateDir)
  const applied = db.query<{ version: number }, []>('SELECT version FROM schema_migrations ORDER BY version').all()
  expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
  const index = db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'pairing_requests_by_ts'").get()
  expect(index?.name).toBe('pairing_requests_by_ts')
  const store = createPairingStore(db)
  expect(store.getDevice('d1')).toMatchObject({ roles: ['operator'], approvedScopes: ['operator.read'], platform: 'linux' })
  expect(store.verifyToken(token)).toMatchObject({ deviceId: 'd1', role: 'operator' })
  expect(store.getPending(requestId)).toMatchObject({ deviceId: 'd2', roles: ['node'] })
  db.close()
})

test('opening an up-to-date database applies nothing again', () => {
  const { stateDir } = createVersion1Database()
  openDatabase(stateDir).close()
  const db = openDatabase(stateDir)
  const count = db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM schema_migrations').get()
  expect(count?.n).toBe(MIGRATIONS.length)
  expect(migrate(db)).toBe(MIGRATIONS.length)
  db.close()
})
