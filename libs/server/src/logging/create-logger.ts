import pino, { type DestinationStream, Logger } from 'pino';

/**
 * A process's logger: JSON lines (pino) for whatever reads stdout, or readable lines (pino-pretty,
 * through pino's transport) when stdout is a terminal. `destination` takes the JSON lines instead
 * of stdout: a test that provokes a warning reads it there rather than letting it print.
 */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  if (destination) return pino({ level, name }, destination);
  if (!process.stdout.isTTY) return pino({ level, name });
  return pino({
    level,
    name,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
  });
}
