/** One Server-Sent Events message (WHATWG HTML §9.2): its `id:` and joined `data:` lines. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Incremental SSE parser for a fetch() body: `EventSource` cannot send an Authorization header,
 * and the console's token must not go into a URL (it would end up in logs).
 */
export class SseParser {
  private buffer = '';
  private fields: { id?: string; event?: string; data: string[] } = { data: [] };

  /** Feed a decoded chunk; returns the messages it completed (comments and heartbeats yield none). */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      const { id, event, data } = this.fields;
      this.fields = { data: [] };
      return data.length > 0 ? { id, event, data: data.join('\n') } : undefined;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') this.fields.data.push(value);
    else if (name === 'id') this.fields.id = value;
    else if (name === 'event') this.fields.event = value;
    return undefined;
  }
}
