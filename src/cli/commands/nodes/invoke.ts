import { defineCommand } from 'citty'
import { randomUUID } from 'node:crypto'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { checkJson, checkPositiveInteger } from '../../flag-checks.ts'
import { findNodeId, nodeArg } from './find-node.ts'

export default defineCommand({
  meta: { name: 'invoke', description: 'Invoke a command on a paired node and print its answer' },
  args: {
    ...nodeArg,
    command: { type: 'string', required: true, valueHint: 'command', description: 'Command, e.g. system.which' },
    params: { type: 'string', valueHint: 'json', description: 'Params as a JSON object (default {})', check: checkJson },
    'invoke-timeout': { type: 'string', valueHint: 'ms', description: 'How long the node may take (default 15000)', check: checkPositiveInteger },
    'idempotency-key': { type: 'string', valueHint: 'key', description: 'Idempotency key (default: a new one)' },
    ...connectionArgs,
    timeout: { ...connectionArgs.timeout, description: 'Gateway timeout in ms (default 30000, at least the invoke timeout + 10000)' },
  },
  async run({ args }) {
    const invokeTimeout = Number(args['invoke-timeout'] ?? 15_000)
    const timeout = String(Math.max(Number(args.timeout ?? 30_000), invokeTimeout + 10_000))
    const result = (await withGateway({ ...args, timeout }, async (c) =>
      c.request('node.invoke', {
        nodeId: await findNodeId(c, args.node),
        command: args.command,
        params: args.params ? JSON.parse(args.params) : {},
        timeoutMs: invokeTimeout,
        idempotencyKey: args['idempotency-key'] ?? randomUUID(),
      }),
    )) as { payload: unknown }
    printJson(args.json ? result : result.payload)
  },
})
