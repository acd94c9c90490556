/**
 * The model's Markdown reaches each provider in its own format, end to end with the real agent and a
 * streaming fake model: HTML for the fake Bot API (which checks it as Telegram does), mrkdwn for
 * Slack, Discord Markdown, Signal text styles. A message whose formatting Telegram refuses still
 * reaches the user, as plain text, and so do the edits of a live preview.
 */
import { afterEach, expect, test } from 'bun:test'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { FakeDiscord } from '../fakes/discord-api.ts'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { FakeSlack, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { checkTelegramHtml, CURRENT_TAGS } from '../fakes/telegram-html.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { waitForConnected } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'

type Channels = NonNullable<GatewayFileConfig['channels']>
let gw: ChannelGateway | undefined
const cleanups: (() => unknown)[] = []

afterEach(async () => {
  await gw?.stop()
  gw = undefined
  for (const c of cleanups.splice(0)) await c()
})

async function boot(channels: Channels, channel: string, delayMs?: number): Promise<ChannelGateway> {
  gw = await startChannelGateway(channels, { delayMs })
  await waitForConnected(gw, channel)
  return gw
}

function telegram(extra: Record<string, unknown> = {}): { tg: FakeTelegram; config: Channels } {
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  return { tg, config: { telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'off' }, ...extra } } as Channels }
}

const ANSWER = ['**Yes**: `a < b` & c, see [the docs](https://d.io/x?a=1&b=2).\n\n', '```sh\necho "<hi>"\n```']

test('the fake Bot API refuses HTML Telegram would refuse, and accepts what we render', () => {
  expect(checkTelegramHtml('<b>open')).toContain("can't parse entities: Can't find end tag")
  expect(checkTelegramHtml('a < b')).toContain("can't parse entities: Unsupported start tag")
  expect(checkTelegramHtml('<b><i>x</b></i>')).toContain('Unexpected end tag')
  expect(checkTelegramHtml('AT&T')).toContain('Character entity expected')
  expect(checkTelegramHtml('<tg-spoiler>x</tg-spoiler>', CURRENT_TAGS.filter((t) => t !== 'tg-spoiler'))).toContain('Unsupported start tag "tg-spoiler"')
  expect(checkTelegramHtml('<b>x</b> &lt;<pre><code class="language-sh">y</code></pre>')).toBeUndefined()
})

test('telegram: the model\'s Markdown arrives as HTML with parse_mode, literal text escaped', async () => {
  const { tg, config } = telegram()
  await boot(config, 'telegram')
  gw!.fake.script({ kind: 'text', chunks: ANSWER })
  tg.pushText('is a less than b?')
  const sent = await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  expect(sent.body.parse_mode).toBe('HTML')
  expect(sent.body.text).toBe('<b>Yes</b>: <code>a &lt; b</code> &amp; c, see <a href="https://d.io/x?a=1&amp;b=2">the docs</a>.\n\n<pre><code class="language-sh">echo "&lt;hi&gt;"</code></pre>')
  expect(tg.recorder.of('sendMessage:failed')).toEqual([])
})

test('telegram partial preview: half-streamed Markdown never produces an entity Telegram refuses', async () => {
  const { tg, config } = telegram({ streaming: { mode: 'partial' } })
  // Pieces 300 ms apart: the first is previewed alone, later ones at each edit a second apart.
  await boot(config, 'telegram', 300)
  // Each piece leaves a marker open for a while: `**`, a backtick, a fence.
  const pieces = ['Start **bold', ' still bold', '** then `co', 'de` and\n```js\nlet a', ' = 1 < 2\n', '```\ndone']
  gw!.fake.script({ kind: 'text', chunks: pieces })
  tg.pushText('stream it')
  const final = await tg.recorder.waitFor((c) => c.method === 'editMessageText' && String(c.body.text).endsWith('done'), 15_000)
  expect(final.body.text).toBe('Start <b>bold still bold</b> then <code>code</code> and\n\n<pre><code class="language-js">let a = 1 &lt; 2</code></pre>\n\ndone')
  // The first preview had an unclosed `**`: it showed as typed.
  expect(tg.recorder.of('sendMessage')[0]!.body.text).toBe('Start **bold')
  const calls = [...tg.recorder.of('sendMessage'), ...tg.recorder.of('editMessageText')]
  expect(calls.length).toBeGreaterThan(2)
  expect(calls.every((c) => c.body.parse_mode === 'HTML')).toBe(true)
  expect(tg.recorder.calls.filter((c) => c.method.endsWith(':failed'))).toEqual([])
})

test('telegram: a message whose entities the Bot API refuses is sent again as plain text', async () => {
  const { tg, config } = telegram()
  // A Bot API server from before spoilers: Telegram answers 400 "can't parse entities" for the tag.
  tg.htmlTags = CURRENT_TAGS.filter((t) => t !== 'tg-spoiler')
  await boot(config, 'telegram')
  gw!.fake.script({ kind: 'text', chunks: ['The answer is ||**42**||, ', 'and a < b.'] })
  tg.pushText('tell me')
  const plain = await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  const refused = tg.recorder.of('sendMessage:failed')
  expect(refused).toHaveLength(1)
  expect(refused[0]!.body.text).toBe('The answer is <tg-spoiler><b>42</b></tg-spoiler>, and a &lt; b.')
  expect(plain.body.parse_mode).toBeUndefined()
  expect(plain.body.text).toBe('The answer is 42, and a < b.')
})

test('telegram partial preview: refused edits go again as plain text, and the answer is complete', async () => {
  const { tg, config } = telegram({ streaming: { mode: 'partial' } })
  tg.htmlTags = CURRENT_TAGS.filter((t) => t !== 'tg-spoiler')
  await boot(config, 'telegram')
  // Each piece once the preview has tried to show the one before (pieces arriving together would go out as one
  // message, leaving no edit to refuse).
  const tries = () => tg.recorder.calls.filter((c) => /^(sendMessage|editMessageText)/.test(c.method)).length
  gw!.fake.script({ kind: 'text', chunks: ['first ||secret||', ' and more', ' and the end'], gate: (i) => tg.recorder.waitFor(() => tries() >= i, 15_000) })
  tg.pushText('go')
  const final = await tg.recorder.waitFor((c) => c.method === 'editMessageText' && String(c.body.text).endsWith('the end'), 15_000)
  expect(final.body.parse_mode).toBeUndefined()
  expect(final.body.text).toBe('first secret and more and the end')
  expect(tg.recorder.of('editMessageText:failed').length).toBeGreaterThan(0)
  expect(tg.recorder.of('deleteMessage')).toEqual([])
})

test('telegram markdown.tables: code by default, bullets when configured', async () => {
  const table = 'Scores:\n\n| Name | Score |\n| --- | --- |\n| Ada | 10 |\n| Bob | 7 |'
  const { tg, config } = telegram({ accounts: { code: {}, bullets: { botToken: '2:T', markdown: { tables: 'bullets' } } } })
  await boot(config, 'telegram')
  gw!.fake.script({ kind: 'text', chunks: [table] }, { kind: 'text', chunks: [table] })
  const client = await TestClient.connect(gw!.url, { token: gw!.token })
  cleanups.push(() => client.close())
  await client.call('send', { channel: 'telegram', accountId: 'code', to: '4242', message: table, idempotencyKey: 't1' })
  await client.call('send', { channel: 'telegram', accountId: 'bullets', to: '4242', message: table, idempotencyKey: 't2' })
  expect(tg.sent()).toEqual([
    'Scores:\n\n<pre>| Name | Score |\n| ---- | ----- |\n| Ada  | 10    |\n| Bob  | 7     |</pre>',
    'Scores:\n\n<b>Ada</b>\n• Score: 10\n\n<b>Bob</b>\n• Score: 7',
  ])
})

test('slack: the answer arrives as mrkdwn', async () => {
  const slack = new FakeSlack().start()
  cleanups.push(() => slack.stop())
  await boot({ slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'off' } } } as Channels, 'slack')
  gw!.fake.script({ kind: 'text', chunks: ANSWER })
  const body = slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'is a less than b?' })
  await fetch(`http://127.0.0.1:${gw!.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
  const post = await slack.recorder.waitFor((c) => c.method === 'chat.postMessage', 10_000)
  expect(post.body.text).toBe('*Yes*: `a &lt; b` &amp; c, see <https://d.io/x?a=1&amp;b=2|the docs>.\n\n```\necho "&lt;hi&gt;"\n```')
})

test('discord: the answer arrives as Discord Markdown, literal markers escaped', async () => {
  const discord = new FakeDiscord().start()
  cleanups.push(() => discord.stop())
  await boot({ discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'] } } as Channels, 'discord')
  gw!.fake.script({ kind: 'text', chunks: ['## Result\n', '**ok** for snake_case_name, ~~not~~ [docs](https://d.io)'] })
  discord.messageCreate({ channel_id: '800', channel_type: 1, content: 'hello' })
  await discord.recorder.waitFor((c) => c.method === 'createMessage', 10_000)
  expect(discord.sent()).toEqual([{ channel: '800', content: '## Result\n\n**ok** for snake\\_case\\_name, ~~not~~ [docs](<https://d.io>)' }])
})

test('signal: styles go as signal-cli text styles, tables as bullets by default', async () => {
  const daemon = new FakeSignalDaemon().start()
  cleanups.push(() => daemon.stop())
  await boot({ signal: { account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native', url: daemon.url }, dmPolicy: 'open', allowFrom: ['*'] } } as Channels, 'signal')
  gw!.fake.script({ kind: 'text', chunks: ['**Hi** `x`\n\n| k | v |\n|---|---|\n| a | 1 |'] })
  daemon.pushText('hello')
  const send = await daemon.recorder.waitFor((c) => c.method === 'send', 10_000)
  expect(send.body.message).toBe('Hi x\n\na\n• v: 1')
  expect(send.body.textStyle).toEqual(['0:2:BOLD', '3:1:MONOSPACE', '6:1:BOLD'])
})
