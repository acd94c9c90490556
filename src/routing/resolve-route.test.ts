import { expect, test } from 'bun:test'
import { resolveAgentSettings } from '../config/agent-settings.ts'
import { resolveRoute, type RouteFacts } from './resolve-route.ts'

const settings = resolveAgentSettings({
  agents: { entries: { main: {}, work: {}, vip: {}, guild: {}, team: {}, any: {} } },
  bindings: [
    { agentId: 'any', match: { channel: 'telegram', accountId: '*' } },
    { agentId: 'work', match: { channel: 'telegram', accountId: 'biz' } },
    { agentId: 'vip', match: { channel: 'telegram', accountId: 'biz', peer: { kind: 'direct', id: '42' } } },
    { agentId: 'guild', match: { channel: 'discord', guildId: 'G1' } },
    { agentId: 'team', match: { channel: 'slack', teamId: 'T1' } },
    { agentId: 'work', match: { channel: 'slack' }, session: { dmScope: 'per-channel-peer' } },
  ],
  session: { dmScope: 'per-account-channel-peer' },
}, {})

const dm = (over: Partial<RouteFacts> = {}): RouteFacts => ({ channel: 'telegram', accountId: 'biz', defaultAccountId: 'default', peerKind: 'direct', peerId: '7', ...over })

test('a peer binding beats the account binding, which beats the channel-wide one', () => {
  expect(resolveRoute(settings, dm({ peerId: '42' }))).toMatchObject({ agentId: 'vip', matchedBy: 'peer', sessionKey: 'agent:vip:telegram:biz:direct:42' })
  expect(resolveRoute(settings, dm())).toMatchObject({ agentId: 'work', matchedBy: 'account' })
  expect(resolveRoute(settings, dm({ accountId: 'other' }))).toMatchObject({ agentId: 'any', matchedBy: 'channel' })
})

test('guild and team bindings; an omitted accountId means the default account only', () => {
  expect(resolveRoute(settings, { channel: 'discord', accountId: 'default', defaultAccountId: 'default', peerKind: 'channel', peerId: 'C9', guildId: 'G1' }))
    .toMatchObject({ agentId: 'guild', matchedBy: 'guild', sessionKey: 'agent:guild:discord:channel:c9' })
  expect(resolveRoute(settings, { channel: 'slack', accountId: 'default', defaultAccountId: 'default', peerKind: 'channel', peerId: 'C1', teamId: 'T1', threadId: '9.1' }))
    .toMatchObject({ agentId: 'team', sessionKey: 'agent:team:slack:channel:c1:thread:9.1' })
  // The binding's own dmScope wins over session.dmScope.
  expect(resolveRoute(settings, { channel: 'slack', accountId: 'default', defaultAccountId: 'default', peerKind: 'direct', peerId: 'U1' }))
    .toMatchObject({ agentId: 'work', sessionKey: 'agent:work:slack:direct:u1' })
  expect(resolveRoute(settings, { channel: 'slack', accountId: 'second', defaultAccountId: 'default', peerKind: 'direct', peerId: 'U1' }))
    .toMatchObject({ agentId: 'main', matchedBy: 'default' })
})

test('no roster: one agent, main, and DMs share its main session by default', () => {
  const plain = resolveAgentSettings({}, {})
  expect(plain.agents.map((a) => a.id)).toEqual(['main'])
  expect(resolveRoute(plain, dm())).toEqual({ agentId: 'main', sessionKey: 'agent:main:main', matchedBy: 'default' })
})

test('the legacy agents.list roster with a default marker', () => {
  const legacy = resolveAgentSettings({ agents: { list: [{ id: 'home' }, { id: 'Work', default: true, identity: { name: 'Worker', emoji: '🛠️' } }] } }, {})
  expect(legacy.defaultAgentId).toBe('work')
  expect(legacy.agents.map((a) => a.id)).toEqual(['work', 'home'])
  expect(legacy.agents[0]!.name).toBe('Worker')
})
