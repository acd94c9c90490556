/**
 * `replyToMode` end to end with the real agent: Telegram quote-replies, Discord replies, and Slack
 * answers in the thread of the question, whose session the thread's later messages share.
 */
import { afterEach, expect, test } from 'bun:test'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { FakeDiscord } from '../fakes/discord-api.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { waitForConnected } from '../helpers/channel-status.ts'

type Channels = NonNullable<GatewayFileConfig['channels']>
let gw: ChannelGateway | undefined
const cleanups: (() => unknown)[] = []

afterEach(async () => {
  await gw?.stop()
  gw = undefined
  for (const c of cleanups.splice(0)) await c()
})

async function connected(channel: string): Promise<void> {
  await waitForConnected(gw!, channel)
}

async function telegramReply(replyToMode: 'first' | 'all'): Promise<{ text: string; reply_parameters?: { message_id: number } }[]> {
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  gw = await startChannelGateway({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], textChunkLimit: 30, replyToMode, streaming: { mode: 'off' } } } as Channels)
  await connected('telegram')
  gw.fake.script({ kind: 'text', chunks: ['first part of the answer here, ', 'and the second part follows'] })
  tg.pushText('a question')
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.endsWith('follows'), 10_000)
  return tg.recorder.of('sendMessage').map((c) => c.body as never)
}

test('telegram replyToMode first: only the first message of a split reply quotes the question', async () => {
  const sent = await telegramReply('first')
  expect(sent).toHaveLength(2)
  // The fake numbers messages from 1: the question is message 1.
  expect(sent[0]!.reply_parameters).toMatchObject({ message_id: 1 })
  expect(sent[1]!.reply_parameters).toBeUndefined()
})

test('telegram replyToMode all: every message of the reply quotes the question', async () => {
  const sent = await telegramReply('all')
  expect(sent.map((s) => s.reply_parameters?.message_id)).toEqual([1, 1])
})

test('telegram replyToMode off (the default): no reply reference', async () => {
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  gw = await startChannelGateway({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } } as Channels)
  await connected('telegram')
  tg.pushText('hello')
  const sent = await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  expect(sent.body.reply_parameters).toBeUndefined()
})

test('discord replyToMode first: the answer references the question; a preview carries the reference', async () => {
  const discord = new FakeDiscord().start()
  cleanups.push(() => discord.stop())
  gw = await startChannelGateway({ discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'], replyToMode: 'first', streaming: { mode: 'partial' } } } as Channels)
  await connected('discord')
  discord.messageCreate({ id: '4444', channel_id: '800', channel_type: 1, content: 'are you there?' })
  await discord.recorder.waitFor((c) => c.method === 'editMessage' || (c.method === 'createMessage' && c.body.content === 'echo: are you there?'), 20_000)
  const created = discord.recorder.of('createMessage')
  expect(created).toHaveLength(1)
  expect(created[0]!.body.message_reference).toMatchObject({ message_id: '4444' })
}, 60_000)

test('slack replyToMode all: a mention in a channel is answered in its thread, and the thread shares one session', async () => {
  const slack = new FakeSlack().start()
  cleanups.push(() => slack.stop())
  gw = await startChannelGateway({
    slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } }, replyToMode: 'all', streaming: { mode: 'off' } },
  } as Channels)
  await connected('slack')
  const post = async (event: Record<string, unknown>) => {
    const body = slackMessageEvent(event)
    await fetch(`http://127.0.0.1:${gw!.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
  }
  await post({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> what is 2+2?`, ts: '1700.000100' })
  const answer = await slack.recorder.waitFor((c) => c.method === 'chat.postMessage', 10_000)
  expect(answer.body).toMatchObject({ channel: 'C1', thread_ts: '1700.000100' })
  // A follow-up in that thread (mentioned, so admitted) lands in the same session: the model sees the first exchange.
  await post({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> and times 3?`, thread_ts: '1700.000100' })
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('times 3'), 10_000)
  const second = gw.fake.requests.at(-1)!.body.messages.map((m: { content: unknown }) => JSON.stringify(m.content)).join('\n')
  expect(second).toContain('what is 2+2?')
  expect(slack.posted().map((p) => p.thread_ts)).toEqual(['1700.000100', '1700.000100'])
})

test('slack replyToMode off: a top-level mention is answered in the channel, not a thread', async () => {
  const slack = new FakeSlack().start()
  cleanups.push(() => slack.stop())
  gw = await startChannelGateway({
    slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } } },
  } as Channels)
  await connected('slack')
  const body = slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> hi`, ts: '1700.000200' })
  await fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
  const answer = await slack.recorder.waitFor((c) => c.method === 'chat.postMessage', 10_000)
  expect(answer.body.thread_ts).toBeUndefined()
})
