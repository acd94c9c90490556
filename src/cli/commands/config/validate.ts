import { defineCommand } from 'citty'
import { readConfigFile } from '../../../config/config-file.ts'
import { ConfigError, parseConfigText } from '../../../config/load-config.ts'
import { resolveConfigPath } from '../../../config/paths.ts'
import { printJson } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'

export default defineCommand({
  meta: { name: 'validate', description: 'Check the config file against the schema, without starting the gateway' },
  args: { json: { type: 'boolean', description: 'Print JSON' } },
  async run({ args }) {
    const file = readConfigFile(resolveConfigPath(undefined))
    let issues: { path: string; message: string }[] = []
    let warnings: string[] = []
    try {
      // The schema only: flags and environment (the token on the unit's command line…) are the gateway's to combine.
      const loaded = await parseConfigText(file.path, file.raw ?? '', file.hash)
      warnings = loaded.unsupportedKeys
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      issues = err.issues
    }
    if (args.json) printJson({ path: file.path, exists: file.exists, valid: issues.length === 0, issues, warnings })
    else if (issues.length === 0) {
      console.log(`Config valid: ${file.path}${file.exists ? '' : ' (no file: defaults apply)'}`)
      for (const key of warnings) console.log(`  warning: ${key} is not supported by this gateway and is ignored`)
    } else {
      console.error(`Config invalid: ${file.path}`)
      for (const i of issues) console.error(`  - ${i.path}: ${i.message}`)
    }
    if (issues.length > 0) process.exit(EXIT.failed)
  },
})
