import pkg from '../package.json' with { type: 'json' }

/** This gateway's version, reported as `server.version` and by `openclaw --version`. */
export const VERSION: string = pkg.version
