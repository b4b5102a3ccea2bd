// node:crypto on demand. Loading it brings some thirty of node's own modules (all of streams)
// before the first file is read: the runs that hash or pick random names (SARIF fingerprints,
// --fix's temporary files, a bin built without its bundle hash) load it when they get there.

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const nodeCrypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
