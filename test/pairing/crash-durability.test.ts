/**
 * An approval the operator saw acknowledged must survive `kill -9` of the gateway: approval and the
 * deletion of its request commit in one transaction, with WAL and synchronous=FULL, before the answer.
 */
import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const TOKEN = 'crash-token'
const DEVICES = 200
const KILL_AFTER_ACKS = 100
const WINDOW = 8

const stateDir = tempStateDir()
const spawned: SpawnedGateway[] = []
afterEach(() => {
  for (const g of spawned) g.proc.kill(9)
  rmSync(stateDir, { recursive: true, force: true })
}, 60_000)

async function start(): Promise<SpawnedGateway> {
  const gw = await spawnGateway({ stateDir, args: ['--token', TOKEN] })
  spawned.push(gw)
  return gw
}

async function fileRemoteRequest(url: string, i: number): Promise<void> {
  const client = await TestClient.open(url, { 'X-Forwarded-For': `192.0.2.${i + 1}` })
  const res = await client.sendConnect({ token: TOKEN, device: createDeviceIdentity(), scopes: ['operator.read'] })
  expect(res.error.details.code).toBe('PAIRING_REQUIRED')
  await client.closed
}

/** Approves with a few requests in flight; SIGKILLs the gateway the moment the 100th ok arrives. */
function approveUntilKilled(op: TestClient, gw: SpawnedGateway, pending: { requestId: string; deviceId: string }[]) {
  const acked = new Map<string, string>()
  const inFlight = new Map<string, { requestId: string; deviceId: string }>()
  let next = 0
  let killed = false
  const pump = () => {
    while (!killed && inFlight.size < WINDOW && next < pending.length) {
      const p = pending[next++]!
      const id = `approve-${next}`
      inFlight.set(id, p)
      op.ws.send(JSON.stringify({ type: 'req', id, method: 'device.pair.approve', params: { requestId: p.requestId } }))
    }
  }
  return new Promise<Map<string, string>>((resolve) => {
    op.ws.addEventListener('message', (ev) => {
      const frame = JSON.parse(String(ev.data))
      const p = frame.type === 'res' ? inFlight.get(frame.id) : undefined
      if (!p || killed) return
      inFlight.delete(frame.id)
      if (frame.ok) acked.set(p.requestId, p.deviceId)
      if (acked.size === KILL_AFTER_ACKS) {
        killed = true
        gw.proc.kill(9)
        return resolve(acked)
      }
      pump()
    })
    void op.closed.then(() => resolve(acked))
    pump()
  })
}

test('every acknowledged approval survives kill -9 in the middle of 200 approvals', async () => {
  writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify({ gateway: { trustedProxies: ['127.0.0.1'] } }))
  const first = await start()
  for (let batch = 0; batch < DEVICES; batch += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, k) => fileRemoteRequest(first.url, batch + k)))
  }
  const op = await TestClient.connect(first.url, { token: TOKEN })
  const pending = (await op.call('device.pair.list')).pending as { requestId: string; deviceId: string }[]
  expect(pending).toHaveLength(DEVICES)

  const acked = await approveUntilKilled(op, first, pending)
  expect(await first.proc.exited).not.toBe(0)
  expect(acked.size).toBe(KILL_AFTER_ACKS)

  const second = await start()
  const after = await TestClient.connect(second.url, { token: TOKEN })
  const listing = await after.call('device.pair.list')
  const paired = new Set<string>(listing.paired.map((d: any) => d.deviceId))
  const stillPending = new Set<string>(listing.pending.map((p: any) => p.deviceId))
  for (const deviceId of acked.values()) expect(paired.has(deviceId)).toBe(true)
  // Nothing is lost or half done: each device is either paired or still waiting, never both.
  for (const p of pending) expect(paired.has(p.deviceId) !== stillPending.has(p.deviceId)).toBe(true)
  after.close()
}, 60_000)
