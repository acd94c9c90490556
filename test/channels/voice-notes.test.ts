/**
 * Voice notes through the real agent: a Telegram voice note is fetched with getFile, uploaded to an
 * OpenAI-compatible transcriber (the fake records the multipart body) and the model reads the
 * transcript. Without a transcriber the sender is told so and the model gets the original's marker;
 * a transcriber that fails or hangs costs its timeout, and the turn still answers.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { FakeTranscriber } from '../fakes/transcriber.ts'
import { agentConfig, lastUserText, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'

/** An OGG page header and enough body to be over the 1 KiB "no speech" floor. */
const VOICE = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(4000, 7)])
let tg: FakeTelegram
let stt: FakeTranscriber
let gw: ChannelGateway | undefined

beforeEach(() => {
  tg = new FakeTelegram().start()
  stt = new FakeTranscriber().start()
})
afterEach(async () => {
  await gw?.stop()
  gw = undefined
  tg.stop()
  stt.stop()
})

async function boot(tools?: GatewayFileConfig['tools']) {
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, { config: { ...(tools && { tools }) } })
}

const entry = (extra: Record<string, unknown> = {}) => ({ provider: 'stt', model: 'whisper-1', baseUrl: stt.baseUrl, capabilities: ['audio' as const], headers: { authorization: 'Bearer sk-stt' }, ...extra })

test('a Telegram voice note is uploaded to the transcriber and the model reads its transcript', async () => {
  await boot({ media: { models: [entry()], audio: { language: 'en', echoTranscript: true } } })
  tg.pushVoice(VOICE, { caption: 'from the car' })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.startsWith('echo:'), 10_000)
  const [upload] = stt.uploads
  expect(upload).toMatchObject({ model: 'whisper-1', language: 'en', fileName: 'audio.ogg', mimeType: 'audio/ogg', authorization: 'Bearer sk-stt' })
  expect(upload!.bytes.equals(VOICE)).toBe(true)
  expect(lastUserText(gw!.fake.requests[0]!.body)).toBe('[Audio]\nUser text:\nfrom the car\nTranscript:\nplease book a table for two')
  // echoTranscript: the sender sees what was heard before the answer.
  expect(tg.sent()).toEqual(['📝 "please book a table for two"', 'echo: [Audio]\nUser text:\nfrom the car\nTranscript:\nplease book a table for two'])
})

test('with no transcriber configured the sender is told, and the model gets a note that the voice note was not heard', async () => {
  await boot()
  tg.pushVoice(VOICE)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.startsWith('echo:'), 10_000)
  const [notice, answer] = tg.sent()
  expect(notice).toContain('cannot listen to voice messages here: no speech-to-text model is configured')
  expect(answer).toBe('echo: [Audio attachment not analyzed: no audio-understanding model is configured]')
  expect(tg.recorder.of('getFile')).toHaveLength(0)
  expect(stt.uploads).toHaveLength(0)
})

test('a transcriber answering 500 falls back to the next one; when every one fails or hangs, the turn still answers', async () => {
  await boot({ media: { models: [entry({ model: 'first' }), entry({ model: 'second', timeoutSeconds: 0.5 })] } })
  stt.failNext(500)
  tg.pushVoice(VOICE)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  expect(stt.uploads.map((u) => u.model)).toEqual(['first', 'second'])
  expect(lastUserText(gw!.fake.requests[0]!.body)).toBe('[Audio]\nTranscript:\nplease book a table for two')

  stt.failNext(503)
  stt.hangNext()
  tg.pushVoice(VOICE, { caption: 'second try' })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.includes('second try'), 10_000)
  expect(stt.uploads.map((u) => u.model)).toEqual(['first', 'second', 'first', 'second'])
  expect(lastUserText(gw!.fake.requests[1]!.body)).toBe('second try\n\n[Audio attachment could not be analyzed]')
})

test('a tools.media edit applies from the next voice note, without a restart', async () => {
  await boot()
  tg.pushVoice(VOICE)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.startsWith('echo:'), 10_000)
  const client = await TestClient.connect(gw!.url, { token: gw!.token })
  try {
    const config = agentConfig(gw!.fake, 'openai', { channels: { telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, tools: { media: { models: [entry()] } } })
    await client.call('config.set', { raw: JSON.stringify(config) })
    tg.pushVoice(VOICE)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.includes('Transcript:'), 10_000)
    expect(stt.uploads).toHaveLength(1)
    expect(lastUserText(gw!.fake.requests.at(-1)!.body)).toBe('[Audio]\nTranscript:\nplease book a table for two')
  } finally {
    client.close()
  }
})

test('in a group that wants a mention, a voice note is heard first: saying the agent\'s name is a mention; one without it is kept as context, as its transcript', async () => {
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, groups: { '*': { requireMention: true } } } }, {
    config: { tools: { media: { models: [entry()] } }, agents: { entries: { main: { identity: { name: 'Clawd' } } } } },
  })
  const inGroup = { chatId: -100, chatType: 'supergroup' }
  stt.text = 'lunch is at noon today'
  tg.pushVoice(VOICE, inGroup)
  const keptRows = () => gw!.database.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM group_history').get()!.n
  for (let i = 0; i < 500 && keptRows() === 0; i++) await Bun.sleep(10)
  expect(gw!.database.query<{ body: string }, []>('SELECT body FROM group_history').all()).toEqual([{ body: 'lunch is at noon today' }])

  stt.text = 'Clawd, book a table for two'
  tg.pushVoice(VOICE, inGroup)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  const seen = lastUserText(gw!.fake.requests[0]!.body)
  expect(seen).toContain('Ada: lunch is at noon today')
  expect(seen).toEndWith('Transcript:\nClawd, book a table for two')
  // The transcript the mention check heard is the one the model reads: each voice note is uploaded once.
  expect(stt.uploads).toHaveLength(2)

  // A typed message saying the name is a mention too.
  tg.pushText('clawd, and for tomorrow?', { ...inGroup, fromId: 7 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: clawd, and for tomorrow?', 10_000)
})

test('a group with disableAudioPreflight does not hear a voice note before its mention check: it is kept as context unheard, and only a typed mention answers', async () => {
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, groups: { '-100': { requireMention: true, disableAudioPreflight: true } } } }, {
    config: { tools: { media: { models: [entry()] } }, agents: { entries: { main: { identity: { name: 'Clawd' } } } } },
  })
  const inGroup = { chatId: -100, chatType: 'supergroup' }
  stt.text = 'Clawd, book a table for two'
  tg.pushVoice(VOICE, inGroup)
  const keptRows = () => gw!.database.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM group_history').get()!.n
  for (let i = 0; i < 500 && keptRows() === 0; i++) await Bun.sleep(10)
  expect(gw!.database.query<{ body: string }, []>('SELECT body FROM group_history').all()).toEqual([{ body: '<media:voice>' }])

  tg.pushText('clawd, did you get that?', { ...inGroup, fromId: 7 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
  expect(lastUserText(gw!.fake.requests[0]!.body)).toContain('Ada: <media:voice>')
  expect(tg.recorder.of('getFile')).toHaveLength(0)
  expect(stt.uploads).toHaveLength(0)
})
