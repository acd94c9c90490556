import { afterEach, expect, test } from 'bun:test'
import { logger } from '../../src/log.ts'
import type { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { operator } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  gw = c = undefined
})

const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as { time: string; level: string; subsystem: string; message: string })

test('logs.tail returns the gateway log lines as JSON, follows a cursor, and never shows a secret', async () => {
  gw = await startTestGateway()
  c = await operator(gw)
  const first = await c.call('logs.tail', { limit: 5000 })
  expect(first.file).toStartWith('memory:')
  const listening = parse(first.lines).find((l) => l.message.startsWith(`listening on ${gw!.url}`))
  expect(listening).toMatchObject({ level: 'info', subsystem: 'gateway' })
  expect(Date.parse(listening!.time)).toBeGreaterThan(0)

  const log = logger('logs-test')
  log.warn(`client presented ${gw.token} and apiKey=sk-live-0123456789abcdef`)
  const next = await c.call('logs.tail', { cursor: first.cursor })
  const mine = parse(next.lines).filter((l) => l.subsystem === 'logs-test')
  expect(mine).toEqual([{ time: expect.any(String), level: 'warn', subsystem: 'logs-test', message: 'client presented *** and apiKey=***' }])
  expect(next.lines.join('\n')).not.toContain(gw.token)
  expect(next.cursor).toBeGreaterThan(first.cursor)
  expect((await c.call('logs.tail', { cursor: next.cursor })).lines.filter((l: string) => l.includes('logs-test'))).toEqual([])
})

test('logs.tail refuses out-of-range params with a typed error', async () => {
  gw = await startTestGateway()
  c = await operator(gw)
  const res = await c.request('logs.tail', { limit: 0 })
  expect(res.ok).toBe(false)
  expect(res.error.code).toBe('INVALID_REQUEST')
})
