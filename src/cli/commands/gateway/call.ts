import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { checkJson } from '../../flag-checks.ts'

export default defineCommand({
  meta: { name: 'call', description: 'Call one gateway method and print the result' },
  args: {
    method: { type: 'positional', required: true, description: 'Method name, e.g. health' },
    params: { type: 'string', valueHint: 'json', description: 'Params as JSON (default {})', check: checkJson },
    ...connectionArgs,
  },
  async run({ args }) {
    const params: unknown = args.params ? JSON.parse(args.params) : {}
    const result = await withGateway(args, (client) => client.request(args.method, params))
    printJson(result)
    // A run that ended in failure (`agent`, `agent.wait`) is a failed call, though the request succeeded.
    if ((result as { status?: unknown } | null)?.status === 'error') process.exitCode = EXIT.failed
  },
})
