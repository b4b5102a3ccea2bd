// Runs the CLI in process, as the tests need it: arguments in, exit code and output out.
import { Readable } from 'node:stream';
import { run } from '../server/src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], opts: { cwd: string; stdin?: string | Buffer; isTTY?: boolean; env?: Record<string, string> }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    isTTY: opts.isTTY ?? false,
    cwd: opts.cwd,
    env: opts.env ?? {},
  });
  return { code, stdout, stderr };
}
