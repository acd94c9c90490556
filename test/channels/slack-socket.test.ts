import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeSlack, slackMessageEvent } from '../fakes/slack-api.ts'
import { TestClient } from '../helpers/client.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'

let slack: FakeSlack
let gw: ChannelGateway

beforeEach(async () => {
  slack = new FakeSlack().start()
  gw = await startChannelGateway({ slack: { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl, dmPolicy: 'allowlist', allowFrom: ['U7'] } })
})
afterEach(async () => {
  await gw.stop()
  slack.stop()
})

test('socket mode: the app token opens the connection, events are acked, replies are posted', async () => {
  const open = await slack.recorder.waitFor((c) => c.method === 'apps.connections.open')
  expect(open.body._auth).toBe('Bearer xapp-test')
  const client = await TestClient.connect(gw.url, { token: gw.token })
  for (let i = 0; i < 200 && !(await client.call('channels.status', {})).channels.slack.connected; i++) await Bun.sleep(25)
  expect((await client.call('channels.status', {})).channelAccounts.slack[0]).toMatchObject({ connected: true, lastError: null })
  client.close()

  const envelope = slack.sendEnvelope(slackMessageEvent({ channel: 'D7', channel_type: 'im', user: 'U7', text: 'over the socket' }))
  await slack.socket.waitFor((c) => c.body.envelope_id === envelope)
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
  expect(slack.posted()).toEqual([expect.objectContaining({ channel: 'D7', text: 'echo: over the socket' })])
})
