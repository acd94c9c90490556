/** One consola instance for the whole process; `logger(tag)` gives each area its own prefix. */
import { createConsola } from 'consola'

const level = process.env.OPENCLAW_LOG_LEVEL ? Number(process.env.OPENCLAW_LOG_LEVEL) : 3

export const log = createConsola({ level, formatOptions: { date: true, colors: process.stdout.isTTY } })

export const logger = (tag: string) => log.withTag(tag)
