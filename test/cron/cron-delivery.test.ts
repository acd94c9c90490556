import { afterEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { operator, startChannelGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { Frame, TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
let tg: FakeTelegram | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  tg?.stop()
  gw = fake = c = tg = undefined
})

const job = (name: string, delivery?: Record<string, unknown>) => ({
  name, enabled: true, schedule: { kind: 'cron', expr: '0 7 * * *' }, sessionTarget: 'isolated', wakeMode: 'now',
  payload: { kind: 'agentTurn', message: `run ${name}` }, ...(delivery && { delivery }),
})

/** Runs a job now and returns its `finished` event's payload. */
async function runOnce(id: string): Promise<Record<string, any>> {
  const { runId } = await c!.call('cron.run', { id })
  return (await c!.waitFor((f: Frame) => f.event === 'cron' && f.payload.runId === runId && f.payload.action === 'finished', 10_000)).payload
}

test('each run records its delivery outcome: delivered, refused by Telegram, empty, the run failed, or none asked; cron.runs filters on it', async () => {
  tg = new FakeTelegram().start()
  fake = startFakeModelServer('openai')
  gw = await startChannelGateway({ telegram: { botToken: '123:CRON', apiRoot: tg.url, dmPolicy: 'pairing' } }, { fake })
  c = await operator(gw)
  const announced = await c.call('cron.add', job('brief', { mode: 'announce', channel: 'telegram', to: '555' }))
  const quiet = await c.call('cron.add', job('quiet'))

  fake.script({ kind: 'text', chunks: ['good morning'] })
  expect(await runOnce(announced.id)).toMatchObject({ status: 'ok', completionStatus: 'succeeded', delivered: true, deliveryStatus: 'delivered' })
  expect(tg.sent('555')).toEqual(['good morning'])

  tg.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' })
  fake.script({ kind: 'text', chunks: ['nobody listens'] })
  const refused = await runOnce(announced.id)
  const refusal: string = refused.deliveryError
  expect(refusal).toContain('bot was blocked')
  expect(refused).toMatchObject({ status: 'error', completionStatus: 'failed', delivered: false, deliveryStatus: 'not-delivered', error: refusal })
  const state = (await c.call('cron.get', { id: announced.id })).state
  expect(state).toMatchObject({ lastRunStatus: 'error', lastDelivered: false, lastDeliveryStatus: 'not-delivered', lastDeliveryError: refusal })

  fake.script({ kind: 'text', chunks: ['  '] })
  // An empty reply not sent is no failure, as the original counts it.
  expect(await runOnce(announced.id)).toMatchObject({ status: 'ok', completionStatus: 'succeeded', delivered: false, deliveryStatus: 'not-delivered', deliverySuppressionReason: 'empty' })
  fake.script({ kind: 'status', status: 400, body: { error: { message: 'bad request' } } })
  const failed = await runOnce(announced.id)
  expect(failed).toMatchObject({ status: 'error', deliveryStatus: 'unknown' })
  expect(failed).not.toHaveProperty('delivered')
  fake.script({ kind: 'text', chunks: ['kept to itself'] })
  const none = await runOnce(quiet.id)
  expect(none).toMatchObject({ status: 'ok', deliveryStatus: 'not-requested' })
  expect(none).not.toHaveProperty('delivered')
  expect(none).not.toHaveProperty('deliveryError')
  expect(tg.sent('555')).toEqual(['good morning'])

  // The run log keeps it, and filters on it before paging.
  const outcomes = async (params: Record<string, unknown>) =>
    (await c!.call('cron.runs', { scope: 'all', sortDir: 'asc', ...params })).entries.map((e: any) => `${e.deliveryStatus}${e.delivered === undefined ? '' : `:${e.delivered}`}`)
  expect(await outcomes({})).toEqual(['delivered:true', 'not-delivered:false', 'not-delivered:false', 'unknown', 'not-requested'])
  const completions = (await c.call('cron.runs', { scope: 'all', sortDir: 'asc' })).entries.map((e: any) => e.completionStatus)
  expect(completions).toEqual(['succeeded', 'failed', 'succeeded', 'failed', 'succeeded'])
  expect(await outcomes({ deliveryStatus: 'delivered' })).toEqual(['delivered:true'])
  expect(await outcomes({ deliveryStatuses: ['not-delivered', 'unknown'] })).toEqual(['not-delivered:false', 'not-delivered:false', 'unknown'])
  expect(await outcomes({ id: quiet.id, deliveryStatus: 'not-requested' })).toEqual(['not-requested'])
  const page = await c.call('cron.runs', { scope: 'all', deliveryStatus: 'not-delivered', limit: 1 })
  expect(page).toMatchObject({ total: 2, hasMore: true })
  expect(page.entries[0]).toMatchObject({ deliveryStatus: 'not-delivered', deliverySuppressionReason: 'empty' })
  expect(page.entries[0]).not.toHaveProperty('deliveryError')
  const [blocked] = (await c.call('cron.runs', { scope: 'all', deliveryStatus: 'not-delivered', sortDir: 'asc', limit: 1 })).entries
  expect(blocked).toMatchObject({ deliveryError: refusal, summary: 'nobody listens' })
})
