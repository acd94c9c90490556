/** Counts sockets per client IP that have not finished the handshake (at most N each, PROTOCOL.md §1.1). */
export function createPreauthBudget(limit: number) {
  const open = new Map<string, number>()
  return {
    /** Claims a slot; false when this IP already has `limit` unauthenticated sockets. */
    claim(ip: string): boolean {
      const n = open.get(ip) ?? 0
      if (n >= limit) return false
      open.set(ip, n + 1)
      return true
    },
    release(ip: string): void {
      const n = (open.get(ip) ?? 1) - 1
      if (n <= 0) open.delete(ip)
      else open.set(ip, n)
    },
  }
}

export type PreauthBudget = ReturnType<typeof createPreauthBudget>
