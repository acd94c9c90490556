/**
 * Malformed Socket Mode input is contained at the Slack account's boundary: each bad frame is dropped
 * and counted, the gateway stays up, and the next good message is answered by the real agent.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeSlack, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let slack: FakeSlack
let env: ChannelAgentGateway

beforeEach(async () => {
  slack = new FakeSlack().start()
  env = await startChannelAgentGateway({ slack: { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'] } } as never)
  await waitForAccount(env.client, 'slack', (a) => a.connected)
})
afterEach(async () => {
  await env.stop()
  slack.stop()
})

const envelope = (fields: Record<string, unknown>) => JSON.stringify({ envelope_id: `bad-${Math.random()}`, accepts_response_payload: false, ...fields })

const MALFORMED: [string, string | Uint8Array][] = [
  ['events_api with a null event', envelope({ type: 'events_api', payload: { type: 'event_callback', event: null } })],
  ['events_api with no payload', envelope({ type: 'events_api' })],
  ['events_api whose event has no type', envelope({ type: 'events_api', payload: { event: { text: 'hi' } } })],
  ['a message event of the wrong types', envelope({ type: 'events_api', payload: { type: 'event_callback', event: { type: 'message', channel: 5, user: { id: 1 }, text: ['x'], ts: null } } })],
  ['an unknown envelope type', envelope({ type: 'brand_new_thing', payload: { x: 1 } })],
  ['a frame that is JSON null', 'null'],
  ['a frame that is not JSON', '{"envelope_id": "e", "type": '],
  ['a binary frame', new Uint8Array([0, 1, 2, 255])],
  ['an oversized frame', envelope({ type: 'events_api', payload: { event: { type: 'message', text: 'x'.repeat(2 * 1024 * 1024) } } })],
]

test('malformed Socket Mode frames are dropped and counted; the next good message gets the agent\'s reply', async () => {
  for (const [, frame] of MALFORMED) slack.sendRaw(frame)
  const good = slack.sendEnvelope(slackMessageEvent({ channel: 'D7', channel_type: 'im', user: 'U7', text: 'still there?' }))
  await slack.socket.waitFor((c) => c.body.envelope_id === good)
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage', 10_000)
  expect(slack.posted()).toEqual([expect.objectContaining({ channel: 'D7', text: 'pong' })])
  expect(env.model.requests.at(-1)!.body.messages.at(-1).content).toContain('still there?')
  const account = await waitForAccount(env.client, 'slack', (a) => a.faults >= 1)
  expect(account).toMatchObject({ connected: true, running: true })
  expect(account.lastFault).toContain('dropped')
  // Envelopes that carried an id were acked, so Slack does not redeliver them.
  const acked = slack.socket.of('ack').map((c) => c.body.envelope_id)
  expect(acked.filter((id: string) => id.startsWith('bad-')).length).toBeGreaterThanOrEqual(4)
})

test('HTTP Events API: signed payloads with a null, missing or mistyped event are answered and dropped; the next one gets the agent\'s reply', async () => {
  const http = await startChannelAgentGateway({ slack: { botToken: 'xoxb-test', signingSecret: 'sig', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'] } } as never)
  try {
    await waitForAccount(http.client, 'slack', (a) => a.connected)
    const url = `http://127.0.0.1:${http.gw.port}/slack/events`
    const post = (body: string) => fetch(url, { method: 'POST', body, headers: signSlackBody('sig', body) })
    for (const body of [
      JSON.stringify({ type: 'event_callback', event: null }),
      JSON.stringify({ type: 'event_callback' }),
      JSON.stringify({ type: 'event_callback', event: { type: 'message', channel: 5, user: { id: 1 }, text: ['x'], ts: null } }),
      JSON.stringify({ type: 'a_brand_new_callback', anything: [1] }),
      JSON.stringify(['not', 'an', 'object']),
      '{"type": "event_callback", "event": ',
    ]) {
      const res = await post(body)
      expect(res.status).toBeLessThan(500)
    }
    expect((await post(slackMessageEvent({ channel: 'D8', channel_type: 'im', user: 'U8', text: 'over http' }))).status).toBe(200)
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D8', 10_000)
    expect(slack.posted().filter((p) => p.channel === 'D8')).toEqual([expect.objectContaining({ text: 'pong' })])
  } finally {
    await http.stop()
  }
}, 20_000)
