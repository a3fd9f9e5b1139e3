import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('yields each message once its blank line arrives, whatever the chunking', () => {
    const stream =
      'retry: 2000\n: resuming after position 4\n\nid: 5\ndata: {"a":1}\n\nid: 6\ndata: line one\ndata: line two\n\n';
    for (const size of [1, 3, 7, stream.length]) {
      const parser = new SseParser();
      const messages = [];
      for (let i = 0; i < stream.length; i += size) messages.push(...parser.push(stream.slice(i, i + size)));
      expect(messages).toEqual([
        { id: '5', event: undefined, data: '{"a":1}' },
        { id: '6', event: undefined, data: 'line one\nline two' },
      ]);
    }
  });

  it('accepts CRLF and CR line ends and named events, and ignores heartbeats', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\r\n\r\nevent: cut-off\rid: 9\rdata: resume from 9\r\r')).toEqual([
      { id: '9', event: 'cut-off', data: 'resume from 9' },
    ]);
  });
});
