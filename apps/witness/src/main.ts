import { runWitnessUntilStopped } from '@accord/witness';

/** `npm run witness`: a party's witness of an Accord log (libs/witness; configuration in README "Witnesses"). */
runWitnessUntilStopped(process.env).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Accord witness failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
