/** How one operator scope satisfies another (PROTOCOL.md §4.1). */

/** True when `granted` satisfies the `required` scope. */
export function scopeSatisfied(granted: readonly string[], required: string): boolean {
  if (granted.includes(required) || granted.includes('operator.admin')) return true
  const writeImplies = ['operator.read', 'operator.talk', 'operator.sessions.read', 'operator.sessions.write']
  if (writeImplies.includes(required) && granted.includes('operator.write')) return true
  return required === 'operator.sessions.read' && granted.includes('operator.read')
}

/** True when every scope in `requested` is covered by `approved`. */
export function scopesCovered(approved: readonly string[], requested: readonly string[]): boolean {
  return requested.every((scope) => scopeSatisfied(approved, scope))
}
