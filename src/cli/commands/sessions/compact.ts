import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { checkPositiveInteger } from '../../flag-checks.ts'

/** `openclaw sessions compact <key> --max-lines N`: cut one transcript to its newest N lines (no backup is kept). */
export default defineCommand({
  meta: { name: 'compact', description: 'Cut a session transcript to its newest lines' },
  args: {
    key: { type: 'positional', required: true, description: 'Session key, e.g. agent:main:main' },
    'max-lines': { type: 'string', required: true, valueHint: 'n', description: 'Keep the newest N lines', check: checkPositiveInteger },
    agent: { type: 'string', valueHint: 'id', description: 'The agent that owns the session' },
    ...connectionArgs,
  },
  async run({ args }) {
    const params = { key: args.key, maxLines: Number(args['max-lines']), ...(args.agent && { agentId: args.agent }) }
    const result = (await withGateway(args, (c) => c.request('sessions.compact', params))) as { key: string; compacted: boolean; kept: number }
    if (args.json) return printJson(result)
    console.log(result.compacted ? `${result.key}: kept the newest ${result.kept} lines` : `${result.key}: ${result.kept} lines, nothing to cut`)
  },
})
