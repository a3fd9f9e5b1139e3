/** A minimal SSE client over fetch, for the feed suites and the benchmark (Node has no EventSource). */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  /** Resolves when the stream ends (server closed it or close() was called). */
  done: Promise<void>;
  close(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string>,
  onMessage: (message: SseMessage) => void,
  onComment: (comment: string) => void = () => undefined,
): Promise<SseConnection & { body?: string }> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (response.status !== 200 || !response.body)
    return { status: response.status, body: await response.text(), done: Promise.resolve(), close: () => undefined };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        // Walk the buffer with an index and cut it once per read: slicing per message would be
        // quadratic in a large chunk.
        let start = 0;
        let end: number;
        while ((end = buffer.indexOf('\n\n', start)) !== -1) {
          const block = buffer.slice(start, end);
          start = end + 2;
          const message: SseMessage = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) onComment(line.slice(1).trim());
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) {
            message.data = data.join('\n');
            onMessage(message);
          }
        }
        buffer = buffer.slice(start);
      }
    } catch {
      // aborted by close(), or the server cut the connection
    }
  })();
  return { status: 200, done, close: () => abort.abort() };
}

/**
 * The feed from the start as the token's holder reads it, until its first heartbeat (the server
 * sends one only once it has caught up with the log): the `data` of every frame. `query` adds
 * parameters, each after a `&`.
 */
export async function feedUntilIdle(baseUrl: string, token: string, query = ''): Promise<string[]> {
  const frames: string[] = [];
  let caughtUp!: () => void;
  const idle = new Promise<void>((r) => (caughtUp = r));
  const conn = await openSse(
    `${baseUrl}/v1/feed?from=0${query}`,
    { authorization: `Bearer ${token}` },
    (m) => frames.push(m.data),
    (comment) => {
      if (comment.includes('heartbeat')) caughtUp();
    },
  );
  if (conn.status !== 200) throw new Error(`feed answered ${conn.status}: ${conn.body}`);
  await idle;
  conn.close();
  await conn.done;
  return frames;
}
