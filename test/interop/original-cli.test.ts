/**
 * Answers the original `openclaw` CLI (2026.9.6) reads beyond what its own command checks: each case
 * is a field the CLI failed on against this gateway (it cannot run in CI: it needs Node 24 and 650 MB;
 * /work/shared/interop/ runs it for real).
 */
import { afterEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { operator, startAgentGateway, startChannelGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { TestClient } from '../helpers/client.ts'
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

test('status lists each agent\'s heartbeat: `openclaw status` replaces its own summary with it and reads heartbeat.agents', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake, config: { agents: { defaults: { heartbeat: { every: '45m' } }, entries: { main: {}, ops: { heartbeat: { every: '0m' } } } } } })
  c = await operator(gw)
  const { heartbeat } = await c.call('status', { includeChannelSummary: false })
  expect(heartbeat.defaultAgentId).toBe('main')
  expect(heartbeat.agents).toEqual([
    { agentId: 'main', enabled: true, every: '45m', everyMs: 45 * 60_000 },
    { agentId: 'ops', enabled: false, every: '0m', everyMs: 0 },
  ])
})

/** What `openclaw cron add --name daily-brief --cron "0 7 * * *" --message "brief me"` sends. */
const cliCronAdd = { name: 'daily-brief', enabled: true, schedule: { kind: 'cron', expr: '0 7 * * *' }, sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'brief me' }, delivery: { mode: 'announce', channel: 'last' } }

test('cron add as the CLI sends it (announce to the last route) is accepted; with no route kept here its run fails closed', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake })
  c = await operator(gw)
  const job = await c.call('cron.add', cliCronAdd)
  expect(job.delivery).toEqual({ mode: 'announce', channel: 'last' })
  // `openclaw cron list` prints its Delivery column from this map (it asks with these params).
  const list = await c.call('cron.list', { includeDisabled: false, limit: 200, offset: 0 })
  expect(list.deliveryPreviews).toEqual({ [job.id]: { label: 'announce -> last', detail: 'last -> no route, will fail-closed: delivery.to is required' } })
  // As the original, previews are left out when not asked for, and of compact rows.
  expect(await c.call('cron.list', { includeDeliveryPreviews: false })).not.toHaveProperty('deliveryPreviews')
  expect(await c.call('cron.list', { compact: true })).not.toHaveProperty('deliveryPreviews')
  fake.script({ kind: 'text', chunks: ['the briefing'] })
  await c.call('cron.run', { id: job.id })
  const done = await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 10_000)
  expect(done.payload).toMatchObject({ status: 'error', summary: 'the briefing', error: expect.stringContaining('no delivery route') })
})

test('a job edited to announce to a chat sends its reply there; best effort keeps a failed delivery from failing the run', async () => {
  tg = new FakeTelegram().start()
  fake = startFakeModelServer('openai')
  gw = await startChannelGateway({ telegram: { botToken: '123:CRON', apiRoot: tg.url, dmPolicy: 'pairing' } }, { fake })
  c = await operator(gw)
  const added = await c.call('cron.add', cliCronAdd)
  // What `openclaw cron edit <id> --channel telegram --to 555` sends: no mode, merged over the job's delivery.
  const job = await c.call('cron.update', { id: added.id, patch: { delivery: { channel: 'telegram', to: '555' } } })
  expect(job.delivery).toEqual({ mode: 'announce', channel: 'telegram', to: '555' })
  expect((await c.call('cron.list', {})).deliveryPreviews[job.id]).toEqual({ label: 'announce -> telegram:555', detail: 'explicit' })
  fake.script({ kind: 'text', chunks: ['good morning'] })
  await c.call('cron.run', { id: job.id })
  const done = await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 10_000)
  expect(done.payload).toMatchObject({ status: 'ok', summary: 'good morning' })
  expect(tg.sent('555')).toEqual(['good morning'])

  await c.call('cron.update', { id: job.id, patch: { delivery: { mode: 'announce', channel: 'slack', to: 'C1', bestEffort: true } } })
  fake.script({ kind: 'text', chunks: ['nowhere to go'] })
  await c.call('cron.run', { id: job.id })
  const again = await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished' && f.payload.summary === 'nowhere to go', 10_000)
  expect(again.payload).toMatchObject({ status: 'ok', error: expect.stringContaining('delivery failed') })
  // `none` takes the announcement off the job.
  const plain = await c.call('cron.update', { id: job.id, patch: { delivery: { mode: 'none' } } })
  expect(plain.delivery).toBeUndefined()
})

test('announce to "last" takes the channel from a provider-prefixed target, else the only configured channel', async () => {
  tg = new FakeTelegram().start()
  fake = startFakeModelServer('openai')
  gw = await startChannelGateway({ telegram: { botToken: '123:CRON', apiRoot: tg.url, dmPolicy: 'pairing' } }, { fake })
  c = await operator(gw)
  const job = await c.call('cron.add', { ...cliCronAdd, delivery: { mode: 'announce', channel: 'last', to: '555' } })
  expect((await c.call('cron.list', {})).deliveryPreviews[job.id]).toEqual({ label: 'announce -> telegram:555', detail: 'resolved from last, main session' })
  fake.script({ kind: 'text', chunks: ['only channel'] })
  await c.call('cron.run', { id: job.id })
  const done = await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 10_000)
  expect(done.payload).toMatchObject({ status: 'ok', summary: 'only channel' })
  expect(tg.sent('555')).toEqual(['only channel'])

  await c.call('cron.update', { id: job.id, patch: { delivery: { channel: 'last', to: 'telegram:777' } } })
  expect((await c.call('cron.list', {})).deliveryPreviews[job.id]).toEqual({ label: 'announce -> telegram:777', detail: 'resolved from last, main session' })
  fake.script({ kind: 'text', chunks: ['by prefix'] })
  await c.call('cron.run', { id: job.id })
  await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished' && f.payload.summary === 'by prefix', 10_000)
  expect(tg.sent('777')).toEqual(['by prefix'])

  // A target naming another provider than the explicit channel is not sent anywhere.
  await c.call('cron.update', { id: job.id, patch: { delivery: { channel: 'whatsapp', to: 'telegram:777' } } })
  expect((await c.call('cron.list', {})).deliveryPreviews[job.id]).toEqual({ label: 'announce -> whatsapp:telegram:777', detail: 'delivery.to names telegram, not delivery.channel whatsapp' })
})

test('a systemEvent job cannot announce: delivery on one is refused on add and on update', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake })
  c = await operator(gw)
  const event = { name: 'nudge', schedule: { kind: 'every', everyMs: 60_000 }, sessionTarget: 'main', payload: { kind: 'systemEvent', text: 'check in' } }
  const refused = await c.request('cron.add', { ...event, delivery: { mode: 'announce', channel: 'telegram', to: '555' } })
  expect(refused.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'cron channel delivery config is only supported for sessionTarget="isolated"' })
  const job = await c.call('cron.add', event)
  const patched = await c.request('cron.update', { id: job.id, patch: { delivery: { mode: 'announce', to: 'telegram:555' } } })
  expect(patched.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'cron channel delivery config is only supported for sessionTarget="isolated"' })
  expect((await c.call('cron.get', { id: job.id })).delivery).toBeUndefined()
  expect((await c.call('cron.list', {})).deliveryPreviews[job.id]).toEqual({ label: 'not requested', detail: 'not requested' })
})
