/**
 * A gateway with one channel configured and the REAL agent runtime behind it, answering through the
 * fake model server ("pong" unless scripted): what the channel end-to-end and malformed-input tests run.
 */
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { GatewaySettings } from '../../src/config/settings.ts'
import { agentConfig, startFakeModelServer, type FakeModelServer } from './agent.ts'
import { TestClient } from './client.ts'
import { startTestGateway, type TestGateway } from './gateway.ts'

export interface ChannelAgentGateway {
  gw: TestGateway
  model: FakeModelServer
  client: TestClient
  stop(): Promise<void>
}

type StartOptions = NonNullable<Parameters<typeof startTestGateway>[0]>

export async function startChannelAgentGateway(channels: GatewaySettings['channels'], opts: Pick<StartOptions, 'channelFactories' | 'stateDir'> = {}): Promise<ChannelAgentGateway> {
  const model = startFakeModelServer('openai')
  const agent = resolveAgentSettings(agentConfig(model, 'openai'), {})
  const gw = await startTestGateway({ settings: { agent, channels }, ...opts })
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
