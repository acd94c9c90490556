/**
 * `messages.inbound.byChannel.slack` through Bolt on the gateway's HTTP port: Slack has no debounce
 * unless configured; configured, quick DMs from one sender are one turn, and a message with a file goes
 * on at once, after the text held before it.
 */
import { afterEach, expect, test } from 'bun:test'
import { PNG_1X1 } from '../fakes/images.ts'
import { FakeSlack, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { imagesOf, lastUserText, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'

const SECRET = 'signing-secret'
let slack: FakeSlack | undefined
let gw: ChannelGateway | undefined

afterEach(async () => {
  await gw?.stop()
  slack?.stop()
  gw = slack = undefined
})

async function boot(debounceMs: number): Promise<(event: Record<string, unknown>) => Promise<void>> {
  slack = new FakeSlack().start()
  gw = await startChannelGateway(
    { slack: { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'] } },
    { config: { messages: { inbound: { byChannel: { slack: debounceMs } }, queue: { mode: 'followup' } } } },
  )
  const client = await TestClient.connect(gw.url, { token: gw.token })
  try {
    for (let i = 0; i < 200 && !(await client.call('channels.status', { channel: 'slack' })).channels.slack?.connected; i++) await Bun.sleep(25)
  } finally {
    client.close()
  }
  // Resolves once Bolt has acknowledged the event: the gateway has kept it.
  return async (event) => {
    const body = slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', ...event })
    const res = await fetch(`http://127.0.0.1:${gw!.port}/slack/events`, { method: 'POST', body, headers: signSlackBody(SECRET, body) })
    expect(res.status).toBe(200)
  }
}

test('configured for Slack, two quick DMs are one turn; a message with a file goes on at once, after them', async () => {
  const post = await boot(60_000)
  await post({ text: 'first' })
  await post({ text: 'second' })
  const url = slack!.hostFile('dot.png', PNG_1X1)
  await post({ text: 'and this', files: [{ id: 'F1', name: 'dot.png', mimetype: 'image/png', size: PNG_1X1.length, url_private: url }] })
  await slack!.recorder.waitFor((c) => c.method === 'chat.postMessage' && c.body.text === 'echo: and this', 10_000)
  expect(gw!.fake.requests.map((r) => lastUserText(r.body))).toEqual(['first\nsecond', 'and this'])
  expect(imagesOf(gw!.fake.requests[1]!)).toHaveLength(1)
})

test('with the window at 0, each DM is its own turn', async () => {
  const post = await boot(0)
  await post({ text: 'one' })
  await post({ text: 'two' })
  await slack!.recorder.waitFor((c) => c.method === 'chat.postMessage' && c.body.text === 'echo: two', 10_000)
  expect(gw!.fake.requests.map((r) => lastUserText(r.body))).toEqual(['one', 'two'])
})
