/**
 * Counts sockets that have not finished the handshake: at most `perIp` from one client address
 * (PROTOCOL.md §1.1) and at most `total` overall, so many addresses together cannot hold unbounded
 * unauthenticated sockets either.
 */
export function createPreauthBudget(perIp: number, total: number) {
  const open = new Map<string, number>()
  let count = 0
  return {
    /** Claims a slot; false when this IP, or the gateway as a whole, is at its limit. */
    claim(ip: string): boolean {
      const n = open.get(ip) ?? 0
      if (n >= perIp || count >= total) return false
      open.set(ip, n + 1)
      count++
      return true
    },
    release(ip: string): void {
      const n = open.get(ip)
      if (n === undefined) return
      count--
      if (n <= 1) open.delete(ip)
      else open.set(ip, n - 1)
    },
  }
}

export type PreauthBudget = ReturnType<typeof createPreauthBudget>
