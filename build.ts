/**
 * `bun run build`: one self-contained executable, dist/openclaw, with Bun's runtime inside, and
 * nothing else. `--target=bun-linux-arm64` (etc.) cross-compiles; the default is this machine.
 * `--outfile=PATH` overrides the path; `--sourcemap` also writes .map files beside it (for debugging
 * a stack trace from the minified binary).
 */
import { join } from 'node:path'

const root = import.meta.dir
const target = process.argv.find((a) => a.startsWith('--target='))?.slice('--target='.length)
const sourcemap = process.argv.includes('--sourcemap')
const outfile =
  process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ??
  join(root, 'dist', target ? `openclaw-${target.replace(/^bun-/, '')}` : 'openclaw')

const args = [
  // --splitting keeps each lazily imported part (channel SDKs, CLI verbs) in its own chunk inside the
  // binary, so start-up loads only what it runs.
  'build', '--compile', '--minify', '--bytecode', '--format=esm', '--splitting',
  ...(sourcemap ? ['--sourcemap'] : []),
  ...(target ? [`--target=${target}`] : []),
  join(root, 'src', 'main.ts'), '--outfile', outfile,
]
const proc = Bun.spawn([process.execPath, ...args], { stdout: 'inherit', stderr: 'inherit', cwd: root })
const code = await proc.exited
if (code !== 0) process.exit(code)
console.log(`built ${outfile}`)
