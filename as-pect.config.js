// as-pect runs the AssemblyScript unit tests in test/assembly against the kernels' sources.
export default {
  entries: ['test/assembly/**/*.spec.ts'],
  include: ['test/assembly/**/*.include.ts'],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
