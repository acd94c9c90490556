#!/usr/bin/env bun
import { fastGatewayRunArgs } from './cli/fast-gateway-run.ts'
import { hideSecretArgs } from './cli/hide-secret-args.ts'

hideSecretArgs()

const fast = fastGatewayRunArgs(process.argv.slice(2))
if (fast) {
  try {
    const { runGateway } = await import('./cli/commands/gateway/run-gateway.ts')
    await runGateway(fast)
  } catch (err) {
    // As citty's runMain reports an unexpected error, so both paths fail alike.
    console.error(err, '\n')
    process.exit(1)
  }
} else {
  const [{ runMain }, { cli }] = await Promise.all([import('citty'), import('./cli/index.ts')])
  await runMain(cli)
}
