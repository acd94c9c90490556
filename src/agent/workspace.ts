/**
 * An agent's workspace folder and the files from it that join the system prompt, as the original
 * reads them (docs/concepts/agent-workspace.md): AGENTS.md, SOUL.md, IDENTITY.md and USER.md on every
 * turn, MEMORY.md only in the agent's main session (it is private), each cut at 20 000 characters
 * (USER.md at 4 000) and 60 000 in all. Missing files are skipped.
 */
import { join } from 'node:path'
import type { AgentProfile } from '../config/agent-roster.ts'
import { workspaceFolder } from './workspace-file.ts'

const FILES: { name: string; max: number; mainOnly?: boolean }[] = [
  { name: 'AGENTS.md', max: 20_000 },
  { name: 'SOUL.md', max: 20_000 },
  { name: 'IDENTITY.md', max: 20_000 },
  { name: 'USER.md', max: 4_000 },
  { name: 'MEMORY.md', max: 20_000, mainOnly: true },
]
const TOTAL_MAX = 60_000

/** The configured folder, else `<stateDir>/workspace` for the default agent and `<stateDir>/workspace-<id>` for others. */
export function workspaceDir(stateDir: string, agent: AgentProfile, isDefault: boolean): string {
  return agent.workspace ?? join(stateDir, isDefault ? 'workspace' : `workspace-${agent.id}`)
}

/** The workspace files as one prompt section, or '' when there are none. */
export function workspacePrompt(dir: string, opts: { mainSession: boolean }): string {
  const read = workspaceFolder(dir)
  if (!read) return ''
  let budget = TOTAL_MAX
  const parts: string[] = []
  for (const f of FILES) {
    if (budget <= 0) break
    if (f.mainOnly && !opts.mainSession) continue
    const text = read(f.name, f.max)
    if (!text) continue
    const cut = text.slice(0, Math.min(f.max, budget))
    budget -= cut.length
    parts.push(`## ${f.name}\n${cut}${cut.length < text.length ? '\n[…truncated]' : ''}`)
  }
  return parts.length ? `# Project Context\n\n${parts.join('\n\n')}` : ''
}
