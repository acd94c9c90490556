import { afterEach, beforeEach, expect, test } from 'bun:test'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { ATTACHMENT_MAX_IMAGE_BYTES } from '../../src/protocol/index.ts'
import { PNG_1X1 } from '../fakes/images.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let tg: FakeTelegram
let fake: FakeModelServer
let gw: TestGateway

beforeEach(async () => {
  tg = new FakeTelegram().start()
  fake = startFakeModelServer('openai')
  const agent = resolveAgentSettings(agentConfig(fake, 'openai'), {})
  gw = await startTestGateway({ settings: { agent, channels: { telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } } } })
})
afterEach(async () => {
  await gw?.stop()
  tg.stop()
  await fake.stop()
})

test('a Telegram photo is fetched through getFile and reaches the model as an image part', async () => {
  tg.pushPhoto(PNG_1X1, { caption: 'what is in this picture?' })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage', 5000)
  expect(tg.sent()).toEqual(['pong'])
  // The largest size was fetched, not the thumbnail.
  expect(tg.recorder.of('getFile').map((c) => c.body.file_id)).toEqual(['photo-1'])
  const user = fake.requests[0]!.body.messages.at(-1)
  expect(user.content).toEqual([
    { type: 'text', text: 'what is in this picture?' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1.toString('base64')}` } },
  ])
})

test('a photo over maxImageBytes is not downloaded; the model is told it was attached', async () => {
  tg.pushPhoto(PNG_1X1, { fileSize: ATTACHMENT_MAX_IMAGE_BYTES + 1 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage', 5000)
  expect(tg.recorder.of('getFile')).toHaveLength(0)
  expect(tg.downloads).toEqual([])
  const user = fake.requests[0]!.body.messages.at(-1)
  expect(typeof user.content).toBe('string')
  expect(user.content).toContain('[Attached image')
})
