import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { PNG_1X1 } from '../fakes/images.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { imagesOf, lastUserText, sessionKeys, startChannelGateway, systemPromptOf, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'

const SECRET = 'signing-secret'
let slack: FakeSlack
let gw: ChannelGateway
let client: TestClient

beforeEach(async () => {
  slack = new FakeSlack().start()
  gw = await startChannelGateway({
    slack: { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } } },
  })
  client = await TestClient.connect(gw.url, { token: gw.token })
  for (let i = 0; i < 200; i++) {
    const s = await client.call('channels.status', { channel: 'slack' })
    if (s.channels.slack?.connected) break
    await Bun.sleep(25)
  }
})
afterEach(async () => {
  client.close()
  await gw.stop()
  slack.stop()
})

const eventsUrl = () => `http://127.0.0.1:${gw.port}/slack/events`
const postEvent = (body: string, headers = signSlackBody(SECRET, body)) => fetch(eventsUrl(), { method: 'POST', body, headers })

describe('slack through Bolt: HTTP Events API on the gateway port, fake Web API', () => {
  test('a signed DM event reaches the agent and the reply is posted to the same conversation', async () => {
    const res = await postEvent(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'hello slack' }))
    expect(res.status).toBe(200)
    const posted = await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    expect(posted.body).toMatchObject({ channel: 'D1', text: 'echo: hello slack' })
    expect(sessionKeys(gw)).toEqual(['agent:main:main'])
    expect(systemPromptOf(gw.fake.requests[0]!)).toContain('This conversation is on slack')
  })

  test('an image file is downloaded from url_private with the bot token and handed to the agent', async () => {
    const url = slack.hostFile('dot.png', PNG_1X1)
    const files = [{ id: 'F1', name: 'dot.png', mimetype: 'image/png', size: PNG_1X1.length, url_private: url }]
    await postEvent(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'see', files }))
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    expect(slack.fileAuth).toEqual(['Bearer xoxb-test'])
    expect(imagesOf(gw.fake.requests[0]!)).toEqual([`data:image/png;base64,${PNG_1X1.toString('base64')}`])
  })

  test('the bot token is never sent to a url_private outside Slack; the file stays metadata', async () => {
    // Same fake server, under another host name: reachable, but not Slack's nor the configured API host.
    const url = slack.hostFile('x.png', PNG_1X1).replace('127.0.0.1', 'localhost')
    const files = [{ id: 'F2', name: 'x.png', mimetype: 'image/png', size: PNG_1X1.length, url_private: url }]
    await postEvent(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'see', files }))
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    expect(slack.fileAuth).toEqual([])
    expect(imagesOf(gw.fake.requests[0]!)).toEqual([])
    expect(lastUserText(gw.fake.requests[0]!.body)).toContain('[Attached image (x.png')
  })

  test('unsigned, badly signed and stale requests are refused; url_verification is answered', async () => {
    const body = slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'x' })
    expect((await fetch(eventsUrl(), { method: 'POST', body })).status).toBe(401)
    expect((await postEvent(body, signSlackBody('wrong-secret', body))).status).toBe(401)
    expect((await postEvent(body, signSlackBody(SECRET, body, Math.floor(Date.now() / 1000) - 3600))).status).toBe(401)
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' })
    expect(await (await postEvent(challenge)).json()).toEqual({ challenge: 'abc123' })
    expect((await postEvent('{not json')).status).toBe(400)
    expect(gw.fake.requests).toEqual([])
  })

  test('an endless body is cut at the size cap, and an unsigned one is refused before it is read', async () => {
    // A body that never ends: the answer can only come if the gateway stops reading at its cap.
    const endless = () => new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(64 * 1024).fill(32)) })
    const signed = await fetch(eventsUrl(), { method: 'POST', body: endless(), headers: signSlackBody(SECRET, 'not this body') })
    expect(signed.status).toBe(413)
    const unsigned = await fetch(eventsUrl(), { method: 'POST', body: endless(), headers: { 'content-type': 'application/json' } })
    expect(unsigned.status).toBe(401)
  })

  test('channel messages need a mention; the reply stays in the thread; our own messages are ignored', async () => {
    await postEvent(slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: 'chatter' }))
    await postEvent(slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: SLACK_BOT.user_id, text: `<@${SLACK_BOT.user_id}> me` }))
    await postEvent(slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U8', bot_id: 'B2', text: `<@${SLACK_BOT.user_id}> bot` }))
    await postEvent(slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> help`, thread_ts: '1.5' }))
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    // One more mention in the channel itself: its session answers in order, so a reply to any earlier
    // channel message would come before this one.
    await postEvent(slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> last` }))
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('last'))
    expect(slack.posted()).toEqual([
      expect.objectContaining({ channel: 'C1', thread_ts: '1.5', text: `echo: <@${SLACK_BOT.user_id}> help` }),
      expect.objectContaining({ channel: 'C1', text: expect.stringContaining(`<@${SLACK_BOT.user_id}> last`) }),
    ])
    expect(sessionKeys(gw)).toEqual(['agent:main:slack:channel:c1:thread:1.5', 'agent:main:slack:channel:c1'])
  })

  test('send to user:<id> opens the DM; a 429 with retry-after is waited out', async () => {
    slack.rateLimitOnce('chat.postMessage', 1)
    const res = await client.call('send', { to: 'user:U9', message: 'ping', channel: 'slack', idempotencyKey: 's-1' })
    expect(res).toMatchObject({ runId: 's-1', channel: 'slack', chatId: 'DU9' })
    expect(slack.recorder.of('chat.postMessage:429')).toHaveLength(1)
    expect(slack.posted()).toEqual([expect.objectContaining({ channel: 'DU9', text: 'ping' })])
  })
})
