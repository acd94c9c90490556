import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

interface Summary {
  agentId: string
  mode: string
  dryRun: boolean
  beforeCount: number
  afterCount: number
  pruned: number
  capped: number
  applied?: true
  diskBudget: { totalBytesBefore: number; totalBytesAfter: number; maxBytes: number; highWaterBytes: number; overBudget: boolean } | null
}

/** `openclaw sessions cleanup`: `session.maintenance` now, through the running gateway (it holds the database). */
export default defineCommand({
  meta: { name: 'cleanup', description: 'Apply session.maintenance now (prune by age and count), or preview it' },
  args: {
    'dry-run': { type: 'boolean', description: 'Show what would be removed, remove nothing' },
    enforce: { type: 'boolean', description: 'Apply even when session.maintenance.mode is "warn"' },
    'active-key': { type: 'string', valueHint: 'key', description: 'Keep this session whatever the limits say' },
    agent: { type: 'string', valueHint: 'id', description: 'Only this agent (default: the default agent)' },
    'all-agents': { type: 'boolean', description: 'Every configured agent' },
    ...connectionArgs,
  },
  async run({ args }) {
    const params = {
      ...(args['dry-run'] && { dryRun: true }),
      ...(args.enforce && { enforce: true }),
      ...(args['active-key'] && { activeKey: args['active-key'] }),
      ...(args.agent && { agent: args.agent }),
      ...(args['all-agents'] && { allAgents: true }),
    }
    const result = (await withGateway(args, (c) => c.request('sessions.cleanup', params))) as Summary | { stores: Summary[] }
    if (args.json) return printJson(result)
    for (const s of 'stores' in result ? result.stores : [result]) {
      const verb = s.applied ? 'removed' : 'would remove'
      console.log(`${s.agentId}: ${s.beforeCount} sessions → ${s.afterCount}; ${verb} ${s.pruned} past pruneAfter and ${s.capped} over maxEntries${s.applied || s.dryRun ? '' : ` (mode ${s.mode}; --enforce applies it)`}`)
      const b = s.diskBudget
      if (b?.overBudget && s.applied) {
        const still = b.totalBytesAfter > b.highWaterBytes ? '; still over: every session left is live and kept (raise maxDiskBytes or delete sessions you no longer need)' : ''
        console.log(`${s.agentId}: transcripts ${b.totalBytesBefore} bytes over maxDiskBytes ${b.maxBytes} → ${b.totalBytesAfter} after sweeping cut rows (high-water ${b.highWaterBytes})${still}`)
      } else if (b?.overBudget) console.log(`${s.agentId}: transcripts ${b.totalBytesBefore} bytes over maxDiskBytes ${b.maxBytes}; a cleanup sweeps cut rows, never live sessions`)
    }
  },
})
