/** A test-only AgentPort that answers at once with `echo: <message>` and records every turn. */
import type { AgentPort, AgentTurnInput } from '../../src/channels/types.ts'

export interface EchoAgent extends AgentPort {
  turns: AgentTurnInput[]
  /** Replaces the reply for the next turns (e.g. a long text to split). */
  reply?: (input: AgentTurnInput) => string
}

export function createEchoAgent(): EchoAgent {
  const agent: EchoAgent = {
    turns: [],
    async runTurn(input) {
      agent.turns.push(input)
      return { text: agent.reply ? agent.reply(input) : `echo: ${input.message}` }
    },
  }
  return agent
}
