import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'

export default defineCommand({
  meta: { name: 'call', description: 'Call one gateway method and print the result' },
  args: {
    method: { type: 'positional', required: true, description: 'Method name, e.g. health' },
    params: { type: 'string', description: 'Params as JSON (default {})' },
    ...connectionArgs,
  },
  async run({ args }) {
    let params: unknown = {}
    if (args.params) {
      try {
        params = JSON.parse(args.params)
      } catch (err) {
        fail(`--params is not valid JSON: ${(err as Error).message}`, EXIT.usage)
      }
    }
    const result = await withGateway(args, (client) => client.request(args.method, params))
    printJson(result)
  },
})
