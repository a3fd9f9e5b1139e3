import pino, { Logger } from 'pino';

/**
 * A process's logger: JSON lines (pino) for whatever reads stdout, or readable lines (pino-pretty,
 * through pino's transport) when stdout is a terminal.
 */
export function createLogger(level: string, name: string): Logger {
  if (!process.stdout.isTTY) return pino({ level, name });
  return pino({
    level,
    name,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
  });
}
