/** Bad arguments: the runner prints the message and a pointer to `--help`, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
