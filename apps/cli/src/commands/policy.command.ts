import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { auditorGet } from '../client/auditor-request';

export const POLICY_USAGE = `accord policy [--partnership ID] [--out FILE] [--api URL] [--token TOKEN]

Prints the trust policy (sigsum policy syntax) for verifying this log's checkpoints: the log's key
and the witness each party registered, every one required. With --partnership, only that
partnership's parties (a party without a witness is named in a comment). Keep it, and pass it to
"accord verify BUNDLE --policy FILE". Asks the API (GET /v1/audit/policy) as an auditor, with
--api, --token or ACCORD_URL, ACCORD_TOKEN as "accord export" does.`;

export async function policyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      partnership: { type: 'string' },
      out: { type: 'string', short: 'o' },
      api: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${POLICY_USAGE}\n`);
    return 0;
  }
  const query =
    values.partnership === undefined ? '' : `?${new URLSearchParams({ partnershipId: values.partnership })}`;
  const response = await auditorGet('policy', values, `/v1/audit/policy${query}`, 'text/plain');
  if (typeof response === 'number') return response;
  const text = await response.text();
  if (values.out === undefined) process.stdout.write(text);
  else {
    await writeFile(values.out, text, { mode: 0o644 });
    process.stderr.write(`accord policy: wrote ${values.out}\n`);
  }
  return 0;
}
