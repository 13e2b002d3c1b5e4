#!/usr/bin/env node
// The `symbreak` command. `symbreak demo` will run the lesson's experiments; until they land it
// checks that the WebAssembly core loads and says what it can do.
import { ready, memory } from '../index.js';

async function main(argv: string[]): Promise<number> {
  const [command = 'demo'] = argv;
  if (command === '--help' || command === 'help') {
    console.log('usage: symbreak demo');
    return 0;
  }
  if (command !== 'demo') {
    console.error(`symbreak: unknown command '${command}' (expected: demo)`);
    return 2;
  }
  await ready();
  const m = memory();
  console.log(`symbreak: WebAssembly SIMD core loaded (${m.wasmBytes / 65536} pages).`);
  console.log('The lesson\'s experiments (symmetry, circles, depth) arrive with the demo issue.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`symbreak: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
