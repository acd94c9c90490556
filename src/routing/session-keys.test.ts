import { describe, expect, test } from 'bun:test'
import { canonicalSessionKey, peerSessionKey, sessionKindOf, type PeerAddress } from './session-keys.ts'

const dm = (dmScope: PeerAddress['dmScope']): PeerAddress => ({
  agentId: 'Work', channel: 'Telegram', accountId: 'Bot-A', peerKind: 'direct', peerId: 'U42', dmScope, groupScope: 'per-group',
})

describe('DM session keys follow session.dmScope as the original spells them', () => {
  test('main: every DM shares the agent main session', () => {
    expect(peerSessionKey(dm('main'))).toBe('agent:work:main')
  })
  test('per-peer: one session per sender across channels', () => {
    expect(peerSessionKey(dm('per-peer'))).toBe('agent:work:direct:u42')
  })
  test('per-channel-peer: per channel and sender', () => {
    expect(peerSessionKey(dm('per-channel-peer'))).toBe('agent:work:telegram:direct:u42')
  })
  test('per-account-channel-peer: per account, channel and sender', () => {
    expect(peerSessionKey(dm('per-account-channel-peer'))).toBe('agent:work:telegram:bot-a:direct:u42')
  })
})

describe('group, channel and thread keys', () => {
  const base = { agentId: 'main', accountId: 'default', dmScope: 'per-peer', groupScope: 'per-group' } as const
  test('a Telegram group and a forum topic', () => {
    expect(peerSessionKey({ ...base, channel: 'telegram', peerKind: 'group', peerId: '-100123' })).toBe('agent:main:telegram:group:-100123')
    expect(peerSessionKey({ ...base, channel: 'telegram', peerKind: 'group', peerId: '-100123', threadId: '42' })).toBe('agent:main:telegram:group:-100123:topic:42')
  })
  test('a Slack channel thread and a Discord guild channel', () => {
    expect(peerSessionKey({ ...base, channel: 'slack', peerKind: 'channel', peerId: 'C0123', threadId: '1700.01' })).toBe('agent:main:slack:channel:c0123:thread:1700.01')
    expect(peerSessionKey({ ...base, channel: 'discord', peerKind: 'channel', peerId: '123456' })).toBe('agent:main:discord:channel:123456')
  })
  test('a Signal group id keeps its case; groupScope main shares the main session', () => {
    expect(peerSessionKey({ ...base, channel: 'signal', peerKind: 'group', peerId: 'AbC=' })).toBe('agent:main:signal:group:AbC=')
    expect(peerSessionKey({ ...base, groupScope: 'main', channel: 'slack', peerKind: 'channel', peerId: 'C1' })).toBe('agent:main:main')
  })
  test('kinds and shorthand keys', () => {
    expect(sessionKindOf('agent:main:slack:channel:c1')).toBe('group')
    expect(sessionKindOf('agent:main:main')).toBe('main')
    expect(canonicalSessionKey('scratch', 'Work')).toBe('agent:work:scratch')
    expect(canonicalSessionKey(undefined, 'work')).toBe('agent:work:main')
  })
})
