/** A gateway whose agent talks to a fake model provider (or, without one, the offline responder). */
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { startFakeModelServer, type FakeModelServer } from '../fakes/model-server.ts'
import { TestClient, type Frame } from './client.ts'
import { startTestGateway, type TestGateway } from './gateway.ts'

export function agentConfig(fake: FakeModelServer | undefined, dialect: 'openai' | 'anthropic' = 'openai', extra: GatewayFileConfig = {}): GatewayFileConfig {
  if (!fake) return extra
  return {
    ...extra,
    models: { providers: { fake: { baseUrl: fake.baseUrl, apiKey: 'sk-fake', api: dialect === 'openai' ? 'openai-completions' : 'anthropic-messages', models: [{ id: 'fake-1' }] } } },
    agents: { ...extra.agents, defaults: { model: { primary: 'fake/fake-1' }, ...extra.agents?.defaults } },
  }
}

export async function startAgentGateway(opts: { fake?: FakeModelServer; dialect?: 'openai' | 'anthropic'; config?: GatewayFileConfig; stateDir?: string; persistent?: boolean } = {}): Promise<TestGateway> {
  const agent = resolveAgentSettings(agentConfig(opts.fake, opts.dialect, opts.config), {})
  return startTestGateway({ settings: { agent }, stateDir: opts.stateDir, persistent: opts.persistent })
}

export { startFakeModelServer, type FakeModelServer }

/** An operator with read/write/admin over a token (the local CLI identity keeps its scopes). */
export async function operator(gw: TestGateway, caps: string[] = []): Promise<TestClient> {
  const c = await TestClient.connect(gw.url, { token: gw.token, caps })
  if (!c.hello) throw new Error('connect failed')
  return c
}

/** Collects events of one run until `until` matches (inclusive). */
export async function runEvents(c: TestClient, runId: string, until: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame[]> {
  const out: Frame[] = []
  for (;;) {
    const f = await c.waitFor((x) => x.type === 'event' && x.payload?.runId === runId, timeoutMs)
    out.push(f)
    if (until(f)) return out
  }
}

export const chatEnded = (f: Frame) => f.event === 'chat' && ['final', 'error', 'aborted'].includes(f.payload.state)
export const lifecycleEnded = (f: Frame) => f.event === 'agent' && f.payload.stream === 'lifecycle' && f.payload.data.phase !== 'start'
