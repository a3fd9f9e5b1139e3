/**
 * A process that dies between the two appends of a clerk's minuted votes, for the SIGKILL test:
 * it runs the real LedgerService on a store that writes the meeting's stream as usual but never
 * gets to write a decision's (the count): it says so once the votes are written and waits to be
 * killed.
 * Usage: node meeting-votes-crash.js DATABASE_URL DATA_DIR COMMAND_JSON (key-encryption key from ACCORD_KEK).
 */
import type { EventStore } from '@accord/event-store';
import {
  AggregateStates,
  type CommandContext,
  LedgerService,
  type LedgerCommand,
  loadConfig,
  Storage,
} from '@accord/server';

const quiet = (): void => undefined;

async function main(): Promise<void> {
  const [url, dataDir, json] = process.argv.slice(2);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, ACCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const storage = await Storage.open(config, { debug: quiet, info: quiet, warn: quiet });
  let meetingAppend: Promise<unknown> = Promise.resolve();
  const store = new Proxy(storage.store as EventStore, {
    get(target, name, receiver) {
      if (name !== 'append') return Reflect.get(target, name, receiver) as unknown;
      return (streamId: string, ...rest: Parameters<EventStore['append']> extends [string, ...infer R] ? R : never) => {
        if (!streamId.startsWith('decision-')) return (meetingAppend = target.append(streamId, ...rest));
        // The count is handed over while the votes' append is in flight: say so once that is written.
        void meetingAppend.then(() => process.stdout.write('meeting written\n'));
        return new Promise(() => undefined);
      };
    },
  });
  const ledger = new LedgerService(store, new AggregateStates(store, config), storage.personalData);
  const { target, ctx } = JSON.parse(json) as { target: LedgerCommand; ctx: CommandContext };
  await ledger.execute(target, ctx, { meetingId: target.id });
}

void main();
