/**
 * Group history context (`historyLimit`) and acknowledgement reactions (`messages.ackReaction`) on
 * Telegram, through the real agent and a fake model: the model request shows what the agent saw.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import type { ChannelsConfig } from '../../src/config/channels-schema.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { messagesSeen, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { groupContext } from '../helpers/inbound.ts'

let tg: FakeTelegram
let gw: ChannelGateway

const GROUP = -100
/** A group message that starts with `@test_bot`. */
const mention = { chatId: GROUP, chatType: 'supergroup', entities: [{ type: 'mention', offset: 0, length: 9 }] }

async function boot(telegram: NonNullable<ChannelsConfig['telegram']>, config: GatewayFileConfig = {}) {
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], groups: { '*': { requireMention: true } }, ...telegram } }, { config })
}

const storedRows = (chat: number) =>
  gw.database.query<{ n: number }, [string]>('SELECT COUNT(*) AS n FROM group_history WHERE chat_key = ?').get(`telegram:default:${chat}`)!.n

beforeEach(() => {
  tg = new FakeTelegram().start()
})
afterEach(async () => {
  await gw?.stop()
  tg.stop()
})

describe('group history context', () => {
  test('unmentioned messages reach the model with the next mention, at most historyLimit of them, once', async () => {
    await boot({ historyLimit: 2 })
    tg.pushText('first, too old to be kept', { chatId: GROUP, chatType: 'supergroup', fromId: 1 })
    tg.pushText('lunch at noon?', { chatId: GROUP, chatType: 'supergroup', fromId: 2 })
    tg.pushText('yes, the usual place', { chatId: GROUP, chatType: 'supergroup', fromId: 3 })
    tg.pushText('@test_bot where is it?', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(messagesSeen(gw)).toEqual([[
      '[Chat messages since your last reply - for context]',
      'Ada: lunch at noon?',
      'Ada: yes, the usual place',
      '',
      '[Current message - respond to this]',
      'Ada: @test_bot where is it?',
    ].join('\n')])

    tg.pushText('@test_bot and when?', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: @test_bot and when?')
    expect(messagesSeen(gw)[1]).toBe('@test_bot and when?')
  })

  test('a mention whose turn fails leaves the context for the next mention, which passes it on once', async () => {
    // Each mention its own turn: Telegram's default inbound debounce would make the two quick ones one.
    await boot({}, { messages: { inbound: { debounceMs: 0 } } })
    tg.pushText('lunch at noon?', { chatId: GROUP, chatType: 'supergroup', fromId: 2 })
    gw.fake.script({ kind: 'status', status: 400, body: { error: { message: 'bad request' } } })
    tg.pushText('@test_bot where?', mention)
    // Queued behind the failing turn in the same session, so it starts only once that one has failed.
    tg.pushText('@test_bot where is lunch?', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(gw.fake.requests).toHaveLength(2)
    expect(messagesSeen(gw)[1]).toBe(groupContext(['Ada: lunch at noon?'], 'Ada: @test_bot where is lunch?'))
    tg.pushText('@test_bot thanks', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: @test_bot thanks')
    expect(messagesSeen(gw)[2]).toBe('@test_bot thanks')
  })

  test('mention patterns: the agent\'s own groupChat.mentionPatterns win over messages.groupChat and over its name', async () => {
    await boot({}, {
      messages: { groupChat: { mentionPatterns: ['^everyone'] } },
      agents: { entries: { main: { identity: { name: 'Clawd' }, groupChat: { mentionPatterns: ['\\bhey bot\\b'] } } } },
    })
    tg.pushText('everyone: lunch?', { chatId: GROUP, chatType: 'supergroup' })
    tg.pushText('Clawd would know', { chatId: GROUP, chatType: 'supergroup' })
    tg.pushText('Hey Bot, where?', { chatId: GROUP, chatType: 'supergroup' })
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(messagesSeen(gw)).toEqual([groupContext(['Ada: everyone: lunch?', 'Ada: Clawd would know'], 'Ada: Hey Bot, where?')])
  })

  test('a chat keeps only its historyLimit newest unanswered messages', async () => {
    await boot({ historyLimit: 3 })
    for (let i = 0; i < 10; i++) tg.pushText(`chatter ${i}`, { chatId: GROUP, chatType: 'supergroup' })
    // Updates are handled in order: once a DM is answered, every group message before it was kept.
    tg.pushText('hello')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(storedRows(GROUP)).toBe(3)
  })

  test('historyLimit 0 keeps nothing and the mention arrives alone', async () => {
    await boot({ historyLimit: 0 })
    tg.pushText('chatter', { chatId: GROUP, chatType: 'supergroup' })
    tg.pushText('@test_bot hi', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(messagesSeen(gw)).toEqual(['@test_bot hi'])
    expect(storedRows(GROUP)).toBe(0)
  })

  test('messages.groupChat.historyLimit is the default when the channel sets none', async () => {
    await boot({}, { messages: { groupChat: { historyLimit: 1 } } })
    tg.pushText('one', { chatId: GROUP, chatType: 'supergroup' })
    tg.pushText('two', { chatId: GROUP, chatType: 'supergroup' })
    tg.pushText('@test_bot hi', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(messagesSeen(gw)[0]).toContain('Ada: two\n\n[Current message')
    expect(messagesSeen(gw)[0]).not.toContain('Ada: one')
  })
})

describe('DM history (dmHistoryLimit)', () => {
  const userTexts = (req: { body: any }) => req.body.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content)

  async function threeDms() {
    for (const text of ['one', 'two', 'three']) {
      tg.pushText(text)
      await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === `echo: ${text}`)
    }
    return gw.fake.requests.map(userTexts)
  }

  test('a DM session shows the model only its last dmHistoryLimit user turns', async () => {
    await boot({ dmHistoryLimit: 1 }, { session: { dmScope: 'per-channel-peer' } })
    expect((await threeDms())[2]).toEqual(['two', 'three'])
  })

  test('a per-sender dms entry overrides dmHistoryLimit (0: all turns)', async () => {
    await boot({ dmHistoryLimit: 1, dms: { '4242': { historyLimit: 0 } } }, { session: { dmScope: 'per-channel-peer' } })
    expect((await threeDms())[2]).toEqual(['one', 'two', 'three'])
  })

  test('the shared main session is never cut', async () => {
    await boot({ dmHistoryLimit: 1 })
    expect((await threeDms())[2]).toEqual(['one', 'two', 'three'])
  })
})

describe('acknowledgement reaction', () => {
  const reactions = () => tg.recorder.of('setMessageReaction').map((c) => c.body.reaction)

  test('a group mention gets the reaction before the reply, and it is taken back after when configured', async () => {
    await boot({}, { messages: { ackReaction: '👀', removeAckAfterReply: true } })
    tg.pushText('@test_bot hi', mention)
    await tg.recorder.waitFor((c) => c.method === 'setMessageReaction' && c.body.reaction.length === 0)
    const methods = tg.recorder.calls.map((c) => c.method).filter((m) => m === 'setMessageReaction' || m === 'sendMessage')
    expect(methods).toEqual(['setMessageReaction', 'sendMessage', 'setMessageReaction'])
    expect(reactions()).toEqual([[{ type: 'emoji', emoji: '👀' }], []])
    expect(tg.recorder.of('setMessageReaction')[0]!.body).toMatchObject({ chat_id: String(GROUP) })
  })

  test('without any ackReaction the agent\'s identity emoji is used', async () => {
    await boot({}, { agents: { entries: { main: { identity: { emoji: '🦥' } } } } })
    tg.pushText('@test_bot hi', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(reactions()).toEqual([[{ type: 'emoji', emoji: '🦥' }]])
  })

  test('the reaction stays after the reply by default (as the original keeps it)', async () => {
    await boot({ ackReaction: '👍' })
    tg.pushText('@test_bot hi', mention)
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(reactions()).toEqual([[{ type: 'emoji', emoji: '👍' }]])
  })

  test('the default scope (group-mentions) leaves DMs alone; "direct" acknowledges them', async () => {
    await boot({})
    tg.pushText('hello')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(reactions()).toEqual([])
    await gw.stop()

    await boot({}, { messages: { ackReactionScope: 'direct' } })
    tg.pushText('hello again')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: hello again')
    expect(reactions()).toEqual([[{ type: 'emoji', emoji: '👀' }]])
  })

  test('a reaction Telegram refuses is logged and the reply still goes out', async () => {
    await boot({}, { messages: { ackReaction: '🦞' } })
    tg.failNext('setMessageReaction', { status: 400, description: 'Bad Request: REACTION_INVALID' })
    tg.pushText('@test_bot hi', mention)
    const reply = await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(reply.body.text).toBe('echo: @test_bot hi')
    expect(tg.recorder.of('setMessageReaction:failed')).toHaveLength(1)
  })
})
