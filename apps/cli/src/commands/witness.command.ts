import { runWitnessUntilStopped } from '@accord/witness';

export const WITNESS_USAGE = `accord witness

Runs a witness of an Accord log (C2SP tlog-witness), as npm run witness does: it cosigns each
checkpoint the log submits once it has checked the log's signature and that the checkpoint extends
the last one it cosigned, and refuses rollbacks and forks. Configured by environment variables
(README "Witnesses"); WITNESS_LOGS (the log's vkey) is required. Stops on Ctrl-C or SIGTERM.`;

export async function witnessCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${WITNESS_USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(
      `accord witness: takes no arguments (configure it with WITNESS_* variables)\n\n${WITNESS_USAGE}\n`,
    );
    return 2;
  }
  return runWitnessUntilStopped(process.env);
}
