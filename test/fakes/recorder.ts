/** Records calls a fake upstream receives and lets a test wait for one. */
export interface Call {
  method: string
  body: Record<string, any>
  /** When the fake received it (performance.now()), stamped by `record`. */
  at?: number
}

export class CallRecorder {
  readonly calls: Call[] = []
  private waiters: { match: (c: Call) => boolean; resolve: (c: Call) => void }[] = []

  record(call: Call): void {
    call.at ??= performance.now()
    this.calls.push(call)
    for (const w of [...this.waiters]) {
      if (w.match(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        w.resolve(call)
      }
    }
  }

  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method)
  }

  /** Resolves with the first call (already seen or future) that matches. */
  waitFor(match: (c: Call) => boolean, timeoutMs = 5000): Promise<Call> {
    const seen = this.calls.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (c: Call) => (clearTimeout(timer), resolve(c)) }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`timed out waiting for an upstream call; saw: ${this.calls.map((c) => c.method).join(', ')}`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }
}
