import { expect, test } from 'bun:test'
import { openDatabase } from './db.ts'
import { createChannelPairingStore, DM_PAIRING_TTL_MS, newPairingCode } from './channel-pairing-store.ts'

test('codes are 8 characters from the unambiguous alphabet', () => {
  for (let i = 0; i < 200; i++) expect(newPairingCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
})

test('one request per sender, three per account, expiry after an hour, approval persists', () => {
  let now = 1_000_000
  const db = openDatabase(':memory:')
  const store = createChannelPairingStore(db, () => now)
  const first = store.request('telegram', 'default', { id: '1', name: 'Ada' })
  expect(first.status).toBe('created')
  expect(store.request('telegram', 'default', { id: '1' })).toEqual({ status: 'pending', code: (first as { code: string }).code })
  store.request('telegram', 'default', { id: '2' })
  store.request('telegram', 'default', { id: '3' })
  expect(store.request('telegram', 'default', { id: '4' })).toEqual({ status: 'capped' })
  // Another account has its own budget.
  expect(store.request('telegram', 'alerts', { id: '4' }).status).toBe('created')

  const approved = store.approve('telegram', { code: (first as { code: string }).code.toLowerCase() })
  expect(approved).toMatchObject({ accountId: 'default', senderId: '1', senderName: 'Ada' })
  expect(store.isAllowed('telegram', 'default', '1')).toBe(true)
  expect(store.isAllowed('telegram', 'alerts', '1')).toBe(false)
  expect(store.approve('telegram', { code: (first as { code: string }).code })).toBeUndefined()

  now += DM_PAIRING_TTL_MS + 1
  expect(store.listPending()).toEqual([])
  expect(store.request('telegram', 'default', { id: '4' }).status).toBe('created')
  db.close()
})
