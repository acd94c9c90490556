// Tests print only warnings and errors from the gateway; set OPENCLAW_LOG_LEVEL=3 to see everything.
import { log } from '../../src/log.ts'

log.level = Number(process.env.OPENCLAW_LOG_LEVEL ?? 1)
