#!/usr/bin/env bun
import { fastGatewayRunArgs } from './cli/fast-gateway-run.ts'
import { hideSecretArgs } from './cli/hide-secret-args.ts'

hideSecretArgs()

const argv = process.argv.slice(2)
const fast = fastGatewayRunArgs(argv)
if (fast) {
  const { runGateway } = await import('./cli/commands/gateway/run-gateway.ts')
  await runGateway(fast)
} else {
  const [{ runCli }, { cli }] = await Promise.all([import('./cli/run-cli.ts'), import('./cli/index.ts')])
  await runCli(cli, argv)
}
