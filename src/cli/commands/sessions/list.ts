import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { checkPositiveInteger } from '../../flag-checks.ts'
import { formatAge, renderTable } from '../../text-table.ts'

interface SessionRow {
  key: string
  kind: string
  updatedAt: number
  messageCount: number
  label?: string
  channel?: string
}

export default defineCommand({
  meta: { name: 'list', description: 'List stored conversation sessions, most recent first' },
  args: {
    agent: { type: 'string', valueHint: 'id', description: 'Only this agent' },
    active: { type: 'string', valueHint: 'minutes', description: 'Only sessions updated within the past N minutes', check: checkPositiveInteger },
    limit: { type: 'string', valueHint: 'count', description: 'At most this many (default 100, max 1000)', check: checkPositiveInteger },
    ...connectionArgs,
  },
  async run({ args }) {
    const params = {
      ...(args.limit && { limit: Number(args.limit) }),
      ...(args.active && { activeMinutes: Number(args.active) }),
      ...(args.agent && { agentId: args.agent }),
    }
    const result = (await withGateway(args, (c) => c.request('sessions.list', params))) as { sessions: SessionRow[] }
    if (args.json) return printJson(result)
    if (result.sessions.length === 0) return console.log('No sessions.')
    const rows = result.sessions.map((s) => [s.key, s.kind, s.channel ?? '-', String(s.messageCount), formatAge(s.updatedAt), s.label ?? ''])
    console.log(renderTable(['KEY', 'KIND', 'CHANNEL', 'MESSAGES', 'UPDATED', 'LABEL'], rows))
  },
})
