import { defineCommand } from 'citty'
import { runArgs } from './run-args.ts'
import { runGateway } from './run-gateway.ts'

export default defineCommand({
  meta: { name: 'run', description: 'Run the gateway in the foreground, logging to stdout' },
  args: runArgs,
  run: ({ args }) => runGateway(args),
})
