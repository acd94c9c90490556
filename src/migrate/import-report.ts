/**
 * What the import carried over and what it left behind, and why. Each skip is logged once as it is
 * found (a malformed row names its table and key); the summary is logged at the end and stored with
 * the import record.
 */
import { logger } from '../log.ts'

const log = logger('import')

export interface ImportSummary {
  imported: Record<string, number>
  skipped: { what: string; reason: string }[]
}

export class ImportReport {
  readonly imported: Record<string, number> = {}
  readonly skipped: { what: string; reason: string }[] = []

  count(kind: string, n = 1): void {
    this.imported[kind] = (this.imported[kind] ?? 0) + n
  }

  /** Something not carried over: `what` names it (table and key), `reason` says why. */
  skip(what: string, reason: string): void {
    this.skipped.push({ what, reason })
    log.warn(`not imported: ${what}: ${reason}`)
  }

  summary(): ImportSummary {
    return { imported: { ...this.imported }, skipped: [...this.skipped] }
  }

  /** One line: the counts, and how many things were left (each already logged). */
  describe(): string {
    const counts = Object.entries(this.imported).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
    const left = this.skipped.length > 0 ? `; ${this.skipped.length} left behind (logged above)` : ''
    return `${counts.length > 0 ? counts.join(', ') : 'nothing'}${left}`
  }
}
