import { join } from 'node:path'
import { afterEach, expect, test } from 'bun:test'
import type { TestGateway } from '../helpers/gateway.ts'
import { operator, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
afterEach(async () => {
  await gw?.stop()
  await fake?.stop()
})

test('one agent and no roster: agents.list has main, and its identity is the default one', async () => {
  gw = await startAgentGateway()
  const c = await operator(gw)
  // The only agent: nothing to choose; its workspace is the default one under the state dir.
  expect(await c.call('agents.list', {})).toEqual({
    defaultId: 'main', ownership: 'sole', selectionRequired: false, mainKey: 'main', scope: 'per-sender',
    agents: [{ id: 'main', workspace: join(gw.stateDir, 'workspace'), workspaceGit: false }],
  })
  expect(await c.call('agent.identity.get', {})).toEqual({ agentId: 'main', name: 'Assistant', nameSource: 'default', avatar: 'A' })
  c.close()
})

test('a roster: ids, names, identities and models; identity by agent id or by session key', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({
    fake,
    config: {
      agents: {
        defaults: { model: { primary: 'fake/fake-1', fallbacks: ['fake/fake-2'] } },
        entries: {
          main: { identity: { name: 'Home', emoji: '🏠' } },
          work: { name: 'Work', model: 'fake/fake-2', workspace: '/tmp/work-space' },
        },
      },
    },
  })
  const c = await operator(gw)
  const list = await c.call('agents.list', {})
  expect(list.defaultId).toBe('main')
  // Two agents: no ownership claimed.
  expect(list.ownership).toBeUndefined()
  expect(list.agents).toEqual([
    { id: 'main', name: 'Home', identity: { name: 'Home', emoji: '🏠' }, workspace: join(gw.stateDir, 'workspace'), workspaceGit: false, model: { primary: 'fake/fake-1', fallbacks: ['fake/fake-2'] } },
    { id: 'work', name: 'Work', identity: { name: 'Work' }, workspace: '/tmp/work-space', workspaceGit: false, model: { primary: 'fake/fake-2', fallbacks: [] } },
  ])
  expect(await c.call('agent.identity.get', { agentId: 'main' })).toEqual({ agentId: 'main', name: 'Home', nameSource: 'agent', avatar: '🏠', emoji: '🏠' })
  expect(await c.call('agent.identity.get', { sessionKey: 'agent:work:telegram:direct:42' })).toMatchObject({ agentId: 'work', name: 'Work' })
  const res = await c.request('agent.identity.get', { agentId: 'nobody' })
  expect(res.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'UNKNOWN_AGENT' } })
  c.close()
})
