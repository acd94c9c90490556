/**
 * `message.action` as the original CLI's `openclaw message send` calls it (the frame below is what
 * openclaw 2026.9.6 sent for `message send --channel telegram --target 555 --message …`), against
 * the fake Telegram Bot API.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'

let tg: FakeTelegram
let gw: ChannelGateway
let client: TestClient

beforeEach(async () => {
  tg = new FakeTelegram().start()
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'pairing' } })
  // The scopes the CLI asks for when it sends: write, not admin.
  client = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.write'] })
})
afterEach(async () => {
  client?.close()
  await gw?.stop()
  tg.stop()
})

const cliSend = (idempotencyKey: string, extra: Record<string, unknown> = {}) => ({
  channel: 'telegram',
  action: 'send',
  params: {
    pin: false, gifPlayback: false, forceDocument: false, silent: false, json: true, dryRun: false, verbose: false,
    channel: 'telegram', target: '555', message: 'hi from the CLI', action: 'send', to: 'telegram:555',
    __sessionKey: 'agent:main:main', __agentId: 'main', ...extra,
  },
  senderIsOwner: true,
  agentId: 'main',
  conversationReadOrigin: 'direct-operator',
  idempotencyKey,
})

test('message send from the original CLI reaches the chat once, and answers in the shape the CLI prints', async () => {
  const first = await client.call('message.action', cliSend('m-1'))
  expect(first).toEqual({ channel: 'telegram', to: '555', via: 'direct', deliveryStatus: 'sent', result: { channel: 'telegram', messageId: expect.any(String), chatId: '555' } })
  // A retry of the same request (the CLI retries on a timeout) is not a second message.
  expect(await client.call('message.action', cliSend('m-1'))).toEqual(first)
  expect(tg.sent('555')).toEqual(['hi from the CLI'])
})

test('--silent reaches Telegram as disable_notification; without it the message notifies', async () => {
  await client.call('message.action', cliSend('m-silent', { silent: true }))
  await client.call('message.action', cliSend('m-loud'))
  const sends = tg.recorder.of('sendMessage').map((c) => c.body.disable_notification)
  expect(sends).toEqual([true, undefined])
})

test('actions that do not exist here, and a send without a target, are typed errors', async () => {
  const react = await client.request('message.action', { ...cliSend('m-2'), action: 'react' })
  expect(react.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'Channel telegram does not support action react.' })
  const noTarget = await client.request('message.action', cliSend('m-3', { target: undefined, to: undefined }))
  expect(noTarget.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'message send needs a target' })
  const elsewhere = await client.request('message.action', { ...cliSend('m-4'), channel: 'slack' })
  expect(elsewhere.error.details.code).toBe('CHANNEL_NOT_CONFIGURED')
})

test('a channel name with regex characters is a plain prefix: no SyntaxError, a typed error', async () => {
  const odd = await client.request('message.action', { ...cliSend('m-5', { target: undefined, to: 'tele(gram:555' }), channel: 'tele(gram' })
  expect(odd.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'CHANNEL_NOT_CONFIGURED' } })
})

test('the original\'s informing fields are accepted, `reply` replies, and flags not built here are refused instead of dropped', async () => {
  const informed = await client.call('message.action', {
    ...cliSend('m-6'),
    reply: { replyToId: '77', source: 'explicit' },
    requesterAccountId: 'default', requesterSenderId: '555', sessionId: 's-1', inboundTurnKind: 'user_request',
    toolContext: { currentChannelProvider: 'telegram', currentMessagingTarget: '555', replyToMode: 'first', hasRepliedRef: { value: false } },
  })
  expect(informed).toMatchObject({ channel: 'telegram', to: '555', deliveryStatus: 'sent' })
  expect(tg.recorder.of('sendMessage').at(-1)!.body).toMatchObject({ chat_id: '555', text: 'hi from the CLI', reply_parameters: { message_id: 77 } })

  const buttons = { blocks: [{ type: 'buttons', buttons: [{ label: 'Yes', value: 'yes' }] }] }
  const refused = await client.request('message.action', cliSend('m-7', { presentation: buttons, pin: true }))
  expect(refused.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'message send: presentation, pin not supported by this gateway', details: { code: 'UNSUPPORTED' } })
  expect(tg.sent('555')).toEqual(['hi from the CLI'])
})
