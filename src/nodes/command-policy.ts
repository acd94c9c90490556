/**
 * Which declared node commands the gateway lets through, and what approving or invoking them costs
 * (PROTOCOL.md §4.3, docs/nodes/command-policy.md).
 *
 * A declared command is allowed unless it is denied by `gateway.nodes.commands.deny`, or it belongs to
 * the dangerous / plugin-owned families that need an explicit `gateway.nodes.commands.allow` entry.
 * Everything allowed still needs the operator's approval of the node's surface before it runs.
 */

export interface CommandPolicyConfig {
  allow: readonly string[]
  deny: readonly string[]
}

/** Privacy-heavy commands the original refuses unless `commands.allow` names them. */
const OPT_IN_COMMANDS = new Set([
  'camera.snap', 'camera.clip', 'camera.ptz.control', 'screen.record', 'contacts.add', 'calendar.add',
  'reminders.add', 'health.summary', 'sms.send', 'sms.search',
])

/**
 * Families owned by plugins this gateway does not host (file transfer, workspace sync): the real node
 * host declares them, the original filters them out of the surface it files for approval.
 */
const OPT_IN_PREFIXES = ['file.', 'dir.', 'workspace.']

/** Commands whose presence in a surface makes its approval need `operator.admin` (PROTOCOL.md §4.3). */
const ADMIN_APPROVAL_COMMANDS = new Set([
  'system.run', 'system.run.prepare', 'system.which', 'browser.proxy', 'browser.proxy.upload.v1', 'fs.listDir',
  'system.execApprovals.get', 'system.execApprovals.set',
])

/**
 * Commands whose invocation needs `operator.admin`. Narrower than the approval set: the real CLI
 * invokes `system.which` with only `operator.write`, and the original gateway serves it
 * (captures/node-frames.md, nodes-invoke-which); it only looks binaries up.
 */
const ADMIN_INVOKE_COMMANDS = new Set(['system.run', 'system.run.prepare', 'browser.proxy', 'browser.proxy.upload.v1', 'fs.listDir'])

/** Node-local exec policy is managed through `exec.approvals.node.*`, never by a raw invoke. */
const NOT_INVOKABLE = new Set(['system.execApprovals.get', 'system.execApprovals.set'])

export function isCommandAllowed(command: string, policy: CommandPolicyConfig): boolean {
  if (policy.deny.includes(command)) return false
  if (policy.allow.includes(command)) return true
  return !OPT_IN_COMMANDS.has(command) && !OPT_IN_PREFIXES.some((p) => command.startsWith(p))
}

/** The declared commands the policy lets through, deduplicated and sorted (the order operators see). */
export function filterCommands(declared: readonly string[], policy: CommandPolicyConfig): string[] {
  return [...new Set(declared)].filter((c) => isCommandAllowed(c, policy)).sort()
}

export const needsAdminToInvoke = (command: string) => ADMIN_INVOKE_COMMANDS.has(command)

export const isInvokable = (command: string) => !NOT_INVOKABLE.has(command)

/** The scopes an operator needs to approve a surface declaring these commands. */
export function approvalScopes(commands: readonly string[]): string[] {
  if (commands.length === 0) return ['operator.pairing']
  return ['operator.pairing', commands.some((c) => ADMIN_APPROVAL_COMMANDS.has(c)) ? 'operator.admin' : 'operator.write']
}
