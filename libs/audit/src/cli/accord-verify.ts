import { parseArgs } from 'node:util';
import { VERIFY_BUNDLE_EXIT_CODES, VERIFY_BUNDLE_HELP, VERIFY_BUNDLE_OPTIONS, verifyBundleFile } from './verify-bundle';

export const ACCORD_VERIFY_USAGE = `accord-verify BUNDLE [--since CHECKPOINT_FILE] [--key VKEY] [--policy FILE] [--json]

${VERIFY_BUNDLE_HELP}
${VERIFY_BUNDLE_EXIT_CODES}); 2 on a usage error.`;

/** The standalone verifier (`@accord/verify`): `accord verify` on a bundle, for those without Accord. */
export async function accordVerify(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: VERIFY_BUNDLE_OPTIONS, strict: true });
  } catch (err) {
    process.stderr.write(`accord-verify: ${(err as Error).message}\n\n${ACCORD_VERIFY_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${ACCORD_VERIFY_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`accord-verify: name one bundle file\n\n${ACCORD_VERIFY_USAGE}\n`);
    return 2;
  }
  return verifyBundleFile(positionals[0] as string, values, 'accord-verify');
}
