import { ConfigError } from '@accord/server';
import { DEMO_USAGE, demoCommand } from './commands/demo.command';
import { EXPORT_USAGE, exportCommand } from './commands/export.command';
import { POLICY_USAGE, policyCommand } from './commands/policy.command';
import { PROJECTIONS_USAGE, projectionsCommand } from './commands/projections.command';
import { TOKEN_USAGE, tokenCommand } from './commands/token.command';
import { VERIFY_USAGE, verifyCommand } from './commands/verify.command';
import { WITNESS_USAGE, witnessCommand } from './commands/witness.command';

const USAGE = `accord <command> [options]

Commands:
  token     mint a local bearer token (${TOKEN_USAGE.split('\n')[0]})
  projections  read models: status, rebuild from the log, verify against it (${PROJECTIONS_USAGE.split('\n')[0]})
  demo      fill a running instance with a realistic partnership (${DEMO_USAGE.split('\n')[0]})
  export    write an audit bundle (${EXPORT_USAGE.split('\n')[0]})
  verify    check an audit bundle offline (${VERIFY_USAGE.split('\n')[0]})
  policy    print the parties' witness policy for verify --policy (${POLICY_USAGE.split('\n')[0]})
  witness   run a witness that cosigns a log's checkpoints (${WITNESS_USAGE.split('\n')[0]})

Run "accord <command> --help" for a command's options, "accord --version" for the runtime.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  token: tokenCommand,
  projections: projectionsCommand,
  demo: demoCommand,
  export: exportCommand,
  verify: verifyCommand,
  policy: policyCommand,
  witness: witnessCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    process.stdout.write(`accord on Node ${process.version} (${process.execPath})\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`accord: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  return command(rest);
}

/** node:util parseArgs refusing the arguments (unknown option, missing or dash-led value): a usage error. */
const isArgumentError = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (isArgumentError(err)) {
      process.stderr.write(`accord: ${(err as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `accord: ${err instanceof ConfigError || err instanceof TypeError ? err.message : (err as Error).stack}\n`,
    );
    process.exit(1);
  },
);
