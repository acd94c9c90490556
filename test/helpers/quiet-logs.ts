// Tests print only warnings and errors from the gateway; set OPENCLAW_LOG_LEVEL=3 to see everything.
import { setConsoleLevel } from '../../src/log.ts'

setConsoleLevel(Number(process.env.OPENCLAW_LOG_LEVEL ?? 1))
