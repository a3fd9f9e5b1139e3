import { accordVerify } from './accord-verify';

// The entry point scripts/build.mjs bundles into packages/verify/dist/accord-verify.mjs. The exit
// code is set rather than process.exit() called, so piped output is flushed first.
accordVerify(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`accord-verify: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
