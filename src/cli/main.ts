#!/usr/bin/env node
// The `symbreak` command (package.json "bin"; `npm start` runs `symbreak demo`). All the work is
// in run.ts, which tests call in-process.
import { run } from './run.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`symbreak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
