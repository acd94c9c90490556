/** A gateway whose agent talks to a fake model provider (or, without one, the offline responder). */
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { resolveMediaSettings } from '../../src/config/media-settings.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { startFakeModelServer, type FakeModelServer } from '../fakes/model-server.ts'
import { TestClient, type Frame } from './client.ts'
import type { StartOptions } from '../../src/gateway/server.ts'
import { startTestGateway, type TestGateway } from './gateway.ts'

export function agentConfig(fake: FakeModelServer | undefined, dialect: 'openai' | 'anthropic' = 'openai', extra: GatewayFileConfig = {}): GatewayFileConfig {
  if (!fake) return extra
  return {
    ...extra,
    models: { providers: { fake: { baseUrl: fake.baseUrl, apiKey: 'sk-fake', api: dialect === 'openai' ? 'openai-completions' : 'anthropic-messages', models: [{ id: 'fake-1' }] } } },
    agents: { ...extra.agents, defaults: { model: { primary: 'fake/fake-1' }, ...extra.agents?.defaults } },
  }
}

export async function startAgentGateway(opts: {
  fake?: FakeModelServer
  dialect?: 'openai' | 'anthropic'
  config?: GatewayFileConfig
  stateDir?: string
  persistent?: boolean
  channelFactories?: StartOptions['channelFactories']
} = {}): Promise<TestGateway> {
  const config = agentConfig(opts.fake, opts.dialect, opts.config)
  const agent = resolveAgentSettings(config, {})
  const problems: string[] = []
  const media = resolveMediaSettings(config, agent.providers, {}, problems)
  if (problems.length > 0) throw new Error(`invalid test config: ${problems.join('; ')}`)
  return startTestGateway({
    settings: { agent, media, ...(opts.config?.channels && { channels: opts.config.channels }) },
    stateDir: opts.stateDir, persistent: opts.persistent, channelFactories: opts.channelFactories,
  })
}

export interface ChannelGateway extends TestGateway {
  /** The OpenAI-compatible fake the real agent talks to; unscripted, it answers "echo: <message>". */
  fake: FakeModelServer
}

/**
 * A gateway with channels whose messages go through the real agent runtime to a fake model, the
 * path production takes. The fake stops with the gateway.
 */
export async function startChannelGateway(channels: NonNullable<GatewayFileConfig['channels']>, opts: {
  config?: GatewayFileConfig
  stateDir?: string
  persistent?: boolean
  fake?: FakeModelServer
  delayMs?: number
  channelFactories?: StartOptions['channelFactories']
} = {}): Promise<ChannelGateway> {
  const fake = opts.fake ?? startFakeModelServer('openai', { echo: true, delayMs: opts.delayMs })
  const gw = await startAgentGateway({ ...opts, fake, config: { ...opts.config, channels } })
  return {
    ...gw,
    fake,
    async stop(reason?: string) {
      await gw.stop(reason)
      if (!opts.fake) await fake.stop()
    },
  }
}

/** A channel gateway, its fake model (answering "pong" unless scripted) and a connected operator client. */
export interface ChannelAgentGateway {
  gw: ChannelGateway
  model: FakeModelServer
  client: TestClient
  stop(): Promise<void>
}

/** `startChannelGateway` with a fake model that answers "pong" and an operator client already connected. */
export async function startChannelAgentGateway(channels: NonNullable<GatewayFileConfig['channels']>, opts: Pick<Parameters<typeof startChannelGateway>[1] & {}, 'channelFactories' | 'stateDir' | 'config'> = {}): Promise<ChannelAgentGateway> {
  const model = startFakeModelServer('openai')
  const gw = await startChannelGateway(channels, { ...opts, fake: model })
  const client = await TestClient.connect(gw.url, { token: gw.token })
  return {
    gw, model, client,
    async stop() {
      client.close()
      await gw.stop()
      await model.stop()
    },
  }
}

/** The session keys the agent has used, oldest first. */
export function sessionKeys(gw: TestGateway): string[] {
  return gw.runtime.services.sessions.list({ limit: 1000, offset: 0 }).sessions.map((s) => s.key).reverse()
}

/** The system prompt of a request the fake model received. */
export const systemPromptOf = (req: { body: any }): string => req.body.messages.find((m: any) => m.role === 'system')?.content ?? ''

import { lastUserText } from '../fakes/model-server.ts'
export { lastUserText }
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

/** The images (data URLs) in the last user message of a request the fake model received. */
export function imagesOf(req: { body: any }): string[] {
  const user = [...req.body.messages].reverse().find((m: any) => m.role === 'user')
  if (!user || typeof user.content === 'string') return []
  return user.content.filter((p: any) => p.type === 'image_url').map((p: any) => p.image_url.url)
}

/** The user message of each request the fake model received (one per turn when no tools are called). */
export const messagesSeen = (gw: ChannelGateway): string[] => gw.fake.requests.map((r) => lastUserText(r.body))
