// Lets a child process run the TypeScript sources without a build (`node -r test/support/ts-register.js src/cli.ts ...`):
// each .ts file is transpiled on load, without type checking (the project compiles with isolatedModules, so
// per-file transpiling gives what tsc emits). Used by tests that check the CLI's real exit status.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require(require.resolve('typescript', { paths: [join(__dirname, '..', '..')] }));

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
