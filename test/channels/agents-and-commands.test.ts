/**
 * Several agents behind real channel adapters (grammY, Bolt, discord.js against their fakes) with the
 * real agent runtime and the fake model: bindings pick the agent (the model sees whose model and
 * prompt), and chat commands are answered by the gateway before any model sees them.
 */
import { afterEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { STOPPED_MARK } from '../../src/channels/router.ts'
import { DISCORD_BOT, FakeDiscord } from '../fakes/discord-api.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { messagesSeen, sessionKeys, startChannelGateway, startFakeModelServer, systemPromptOf, type FakeModelServer } from '../helpers/agent.ts'
import { waitForAccount, waitForAccountId } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { tempStateDir } from '../helpers/gateway.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const models = { defaults: { model: { primary: 'fake/fake-1', fallbacks: ['fake/fake-2'] } } }
const twoAgents: GatewayFileConfig = {
  agents: {
    ...models,
    entries: {
      home: { identity: { name: 'Homebot' }, model: 'fake/fake-1' },
      work: { identity: { name: 'Workbot' }, model: 'fake/fake-2' },
    },
  },
}

async function boot(channels: NonNullable<GatewayFileConfig['channels']>, config: GatewayFileConfig, opts: { stateDir?: string; fake?: FakeModelServer } = {}) {
  const gw = await startChannelGateway(channels, { config, ...(opts.stateDir && { stateDir: opts.stateDir, persistent: true }), ...(opts.fake && { fake: opts.fake }) })
  const client = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => gw.stop(), () => client.close())
  return { gw, client }
}

function telegram(): FakeTelegram {
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  return tg
}

const replyTo = (tg: FakeTelegram, chatId: number, match: (text: string) => boolean = () => true) =>
  tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === String(chatId) && match(c.body.text))

test('two agents bound to two Telegram accounts answer with their own model and prompt; a peer binding beats the account one', async () => {
  const personal = telegram()
  const biz = telegram()
  const { gw, client } = await boot(
    { telegram: { dmPolicy: 'open', allowFrom: ['*'], accounts: { personal: { botToken: '1:P', apiRoot: personal.url }, biz: { botToken: '2:B', apiRoot: biz.url } } } },
    {
      ...twoAgents,
      bindings: [
        { agentId: 'home', match: { channel: 'telegram', accountId: 'personal' } },
        { agentId: 'work', match: { channel: 'telegram', accountId: 'biz' } },
        { agentId: 'work', match: { channel: 'telegram', accountId: 'personal', peer: { kind: 'direct', id: '777' } } },
      ],
    },
  )
  for (const id of ['personal', 'biz']) await waitForAccountId(client, 'telegram', id, (a) => a.connected)

  personal.pushText('hi home', { fromId: 4242 })
  await replyTo(personal, 4242)
  biz.pushText('hi work', { fromId: 4242 })
  await replyTo(biz, 4242)
  personal.pushText('hi from the boss', { fromId: 777 })
  await replyTo(personal, 777)

  expect(personal.sent('4242')).toEqual(['echo: hi home'])
  expect(biz.sent('4242')).toEqual(['echo: hi work'])
  expect(personal.sent('777')).toEqual(['echo: hi from the boss'])
  const [home, work, boss] = gw.fake.requests
  expect([home!.body.model, work!.body.model, boss!.body.model]).toEqual(['fake-1', 'fake-2', 'fake-2'])
  expect(systemPromptOf(home!)).toContain('You are Homebot')
  expect(systemPromptOf(work!)).toContain('You are Workbot')
  expect(systemPromptOf(boss!)).toContain('You are Workbot')
  expect(sessionKeys(gw)).toEqual(['agent:home:main', 'agent:work:main'])
})

test('/new on Telegram resets that chat\'s session only; text after it is the first message of the new one', async () => {
  const tg = telegram()
  const { gw, client } = await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, { session: { dmScope: 'per-channel-peer' } })
  await waitForAccount(client, 'telegram', (a) => a.connected)
  tg.pushText('remember the ferry', { fromId: 1 })
  await replyTo(tg, 1)
  tg.pushText('remember the train', { fromId: 2 })
  await replyTo(tg, 2)

  tg.pushText('/new', { fromId: 1 })
  await replyTo(tg, 1, (t) => t === 'New session started.')
  const history = async (peer: number) => (await client.call('chat.history', { sessionKey: `agent:main:telegram:direct:${peer}` })).messages
  expect(await history(1)).toEqual([])
  expect((await history(2)).map((m: any) => m.content[0].text)).toEqual(['remember the train', 'echo: remember the train'])

  tg.pushText('/new what did I say?', { fromId: 1 })
  await replyTo(tg, 1, (t) => t === 'echo: what did I say?')
  // The model saw the new session's first message and no earlier history.
  expect(gw.fake.requests.at(-1)!.body.messages.map((m: any) => m.role)).toEqual(['system', 'user'])
  expect(messagesSeen(gw)).toEqual(['remember the ferry', 'remember the train', 'what did I say?'])
})

test('/stop mid-stream aborts the turn; the partial reply is sent marked as stopped', async () => {
  const tg = telegram()
  const fake = startFakeModelServer('openai', { delayMs: 40 })
  cleanups.push(() => fake.stop())
  const { gw, client } = await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, {}, { fake })
  const operator = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => operator.close())
  await waitForAccount(client, 'telegram', (a) => a.connected)
  fake.script({ kind: 'text', chunks: Array.from({ length: 100 }, (_, i) => `word${i} `) })
  tg.pushText('tell me a long story')
  // Some of the answer has streamed before the stop.
  await operator.waitFor((f) => f.event === 'agent' && f.payload.stream === 'assistant' && f.payload.data.text.includes('word2 '))
  tg.pushText('/stop')
  await replyTo(tg, 4242, (t) => t === 'Stopped.')
  const partial = await replyTo(tg, 4242, (t) => t.endsWith(STOPPED_MARK))
  expect(partial.body.text).toStartWith('word0 word1 word2 ')
  expect(partial.body.text).not.toContain('word99')
  // The command itself never reached the model.
  expect(messagesSeen(gw)).toEqual(['tell me a long story'])
})

test('/model lists and switches this session\'s model; the choice survives a restart and shows in /status', async () => {
  const tg = telegram()
  const stateDir = tempStateDir()
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
  const fake = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => fake.stop())
  const channels = { telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open' as const, allowFrom: ['*'] } }
  let { gw, client } = await boot(channels, { agents: models }, { stateDir, fake })
  await waitForAccount(client, 'telegram', (a) => a.connected)
  tg.pushText('/model')
  const list = await replyTo(tg, 4242)
  expect(list.body.text).toContain('Model: fake/fake-1')
  expect(list.body.text).toContain('fake/fake-2')
  tg.pushText('/model fake/fake-2')
  await replyTo(tg, 4242, (t) => t === 'Model set to fake/fake-2 for this session.')
  tg.pushText('/model nonsense/model')
  await replyTo(tg, 4242, (t) => t.startsWith('Unknown model "nonsense/model"'))
  tg.pushText('which model?')
  await replyTo(tg, 4242, (t) => t === 'echo: which model?')
  expect(fake.requests.at(-1)!.body.model).toBe('fake-2')

  client.close()
  await gw.stop()
  ;({ gw, client } = await boot(channels, { agents: models }, { stateDir, fake }))
  await waitForAccount(client, 'telegram', (a) => a.connected)
  tg.pushText('and now?')
  await replyTo(tg, 4242, (t) => t === 'echo: and now?')
  expect(fake.requests.at(-1)!.body.model).toBe('fake-2')
  tg.pushText('/status')
  const status = await replyTo(tg, 4242, (t) => t.includes('Uptime:'))
  expect(status.body.text).toContain('Model: fake/fake-2 (picked with /model)')
  expect(status.body.text).toContain('Session: agent:main:main')
  expect(status.body.text).toMatch(/Tokens: \d+ in, \d+ out/)
  expect(fake.requests.map((r) => r.body.messages.at(-1).content)).not.toContain('/status')
}, 15_000)

test('a stranger\'s /status gets only the pairing code; /whoami and /help answer an admitted sender', async () => {
  const tg = telegram()
  const { gw, client } = await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'pairing', allowFrom: ['4242'] } }, {})
  await waitForAccount(client, 'telegram', (a) => a.connected)
  tg.pushText('/status', { fromId: 31337 })
  const code = await replyTo(tg, 31337)
  expect(code.body.text).toMatch(/Pairing code: [A-Z2-9]{8}/)
  expect(code.body.text).not.toContain('Model:')
  tg.pushText('/whoami', { fromId: 4242 })
  const who = await replyTo(tg, 4242)
  expect(who.body.text).toBe('Channel: telegram (account default)\nYour id: 4242\nUsername: @ada\nName: Ada')
  tg.pushText('/help', { fromId: 4242 })
  expect((await replyTo(tg, 4242, (t) => t.startsWith('Commands:'))).body.text).toContain('/model')
  tg.pushText('/weather in Paris', { fromId: 4242 })
  await replyTo(tg, 4242, (t) => t === 'echo: /weather in Paris')
  expect(tg.sent('31337')).toHaveLength(1)
  expect(messagesSeen(gw)).toEqual(['/weather in Paris'])
})

test('a Slack thread and a Discord guild channel route by their bindings', async () => {
  const slack = new FakeSlack().start()
  const discord = new FakeDiscord().start()
  cleanups.push(() => slack.stop(), () => discord.stop())
  const { gw, client } = await boot(
    {
      slack: { botToken: 'xoxb-test', signingSecret: 's3cret', apiUrl: slack.apiUrl, channels: { C1: { requireMention: true } } },
      discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, guilds: { '700': { requireMention: true } } },
    },
    {
      ...twoAgents,
      bindings: [
        { agentId: 'work', match: { channel: 'slack', teamId: SLACK_BOT.team_id } },
        { agentId: 'home', match: { channel: 'discord', guildId: '700' } },
      ],
    },
  )
  await waitForAccount(client, 'slack', (a) => a.connected)
  await waitForAccount(client, 'discord', (a) => a.connected)

  const body = slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> status of the release?`, thread_ts: '1.5' })
  await fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s3cret', body) })
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
  expect(slack.posted()).toEqual([expect.objectContaining({ channel: 'C1', thread_ts: '1.5' })])
  expect(systemPromptOf(gw.fake.requests[0]!)).toContain('You are Workbot')

  discord.messageCreate({ channel_id: '801', guild_id: '700', content: `<@${DISCORD_BOT.id}> hello`, mentions: [DISCORD_BOT] })
  await discord.recorder.waitFor((c) => c.method === 'createMessage')
  expect(systemPromptOf(gw.fake.requests[1]!)).toContain('You are Homebot')
  expect(sessionKeys(gw)).toEqual(['agent:work:slack:channel:c1:thread:1.5', 'agent:home:discord:channel:801'])
}, 15_000)
