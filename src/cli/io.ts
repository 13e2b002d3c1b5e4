// Where the command writes: injectable, so tests run the CLI in-process and read its output.
import { writeFile } from 'node:fs/promises';

export interface Output {
  write(text: string): unknown;
  /** True on a terminal: only then is a progress line drawn. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** Writes a report file (--html, --json). */
  writeFile(path: string, text: string): Promise<void>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
  };
}
