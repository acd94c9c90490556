/**
 * `openclaw agent --message …`: one agent turn through the gateway. The reply streams to stdout as
 * the model writes it (the run's `chat` deltas); a failed or timed-out turn exits 1 after whatever
 * text arrived, as the original does.
 */
import { defineCommand } from 'citty'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connectionArgs, printJson, withGateway } from '../connection-args.ts'
import { EXIT } from '../exit-codes.ts'
import { fail } from '../fail.ts'
import { checkWholeNumber } from '../flag-checks.ts'
import { UsageError } from '../usage-error.ts'

/** What the CLI waits for when --timeout is 0 (no run deadline): the gateway's own 48 h default. */
const NO_DEADLINE_MS = 48 * 3_600_000
const DEFAULT_TIMEOUT_S = 600

interface FinalPayload {
  runId: string
  status: 'ok' | 'error' | 'timeout' | 'in_flight'
  summary?: string
  error?: string
  result?: { payloads?: { text?: string }[] }
}

export default defineCommand({
  meta: { name: 'agent', description: 'Run one agent turn through the gateway and print the reply as it streams' },
  args: {
    message: { type: 'string', alias: 'm', valueHint: 'text', description: 'Message for the agent' },
    'message-file': { type: 'string', valueHint: 'path', description: 'Read the message from a UTF-8 file instead' },
    agent: { type: 'string', valueHint: 'id', description: 'Agent id (default: the default agent)' },
    'session-key': { type: 'string', valueHint: 'key', description: 'Session key (agent:<id>:<key>, or scoped to --agent; default main)' },
    model: { type: 'string', valueHint: 'provider/model', description: 'Model for this run' },
    ...connectionArgs,
    timeout: { type: 'string', valueHint: 'seconds', description: `Turn deadline in seconds (default ${DEFAULT_TIMEOUT_S}; 0: none)`, check: checkWholeNumber },
  },
  async run({ args }) {
    if (Boolean(args.message) === Boolean(args['message-file'])) throw new UsageError('give exactly one of --message and --message-file')
    const message = args.message ?? readMessageFile(args['message-file']!)
    const seconds = Number(args.timeout ?? DEFAULT_TIMEOUT_S)
    const runId = randomUUID()
    let streamed = false
    const final = (await withGateway({ ...args, timeout: undefined }, (client) => {
      client.onEvent((event, payload) => {
        if (args.json || event !== 'chat' || payload?.runId !== runId || payload.state !== 'delta' || !payload.deltaText) return
        process.stdout.write(payload.deltaText)
        streamed = true
      })
      const params = {
        message, idempotencyKey: runId, timeout: seconds,
        ...(args.agent && { agentId: args.agent }), ...(args['session-key'] && { sessionKey: args['session-key'] }), ...(args.model && { model: args.model }),
      }
      // The gateway ends the run at its deadline; the extra minute lets that answer arrive first.
      return client.request('agent', params, (seconds === 0 ? NO_DEADLINE_MS : seconds * 1000) + 60_000)
    })) as FinalPayload
    if (args.json) printJson(final)
    else if (streamed) process.stdout.write('\n')
    else {
      const text = (final.result?.payloads ?? []).map((p) => p.text ?? '').join('\n')
      if (text) console.log(text)
    }
    if (final.status === 'error') fail(`the agent turn failed: ${final.error ?? 'unknown error'}`, EXIT.failed)
    if (final.status === 'timeout') fail(`the agent turn ${final.summary === 'aborted' ? 'was aborted' : 'timed out'}`, EXIT.failed)
  },
})

function readMessageFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (err) {
    throw new UsageError(`--message-file: cannot read ${path}: ${(err as Error).message}`)
  }
}
