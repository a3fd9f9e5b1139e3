import { CheckpointSaver } from './checkpoint-saver';
import { RelayCheckpoint } from './relay-checkpoint';

/** A checkpoint whose writes finish when the test says so. */
function slowCheckpoint() {
  const writes: number[] = [];
  const finish: Array<(err?: Error) => void> = [];
  const checkpoint = {
    advance: (position: number) =>
      new Promise<void>((resolve, reject) => {
        writes.push(position);
        finish.push((err) => (err ? reject(err) : resolve()));
      }),
  } as unknown as RelayCheckpoint;
  const settle = async (err?: Error) => {
    finish.shift()!(err);
    await new Promise((r) => setImmediate(r));
  };
  return { checkpoint, writes, settle };
}

describe('CheckpointSaver', () => {
  it('writes one position at a time, folding acknowledgements that arrive meanwhile into the next write', async () => {
    const { checkpoint, writes, settle } = slowCheckpoint();
    const saved: number[] = [];
    const saver = new CheckpointSaver(
      checkpoint,
      10,
      (p) => saved.push(p),
      () => undefined,
    );
    saver.advance(20);
    saver.advance(30);
    saver.advance(40);
    expect(writes).toEqual([20]);
    await settle();
    expect(writes).toEqual([20, 40]);
    const flushed = saver.flush();
    await settle();
    await flushed;
    expect(saved).toEqual([20, 40]);
    saver.advance(35); // never backwards
    await saver.flush();
    expect(writes).toEqual([20, 40]);
  });

  it('reports a failed write and rethrows it from flush', async () => {
    const { checkpoint, settle } = slowCheckpoint();
    const failures: Error[] = [];
    const saver = new CheckpointSaver(
      checkpoint,
      0,
      () => undefined,
      (err) => failures.push(err),
    );
    saver.advance(5);
    const flushed = expect(saver.flush()).rejects.toThrow('database gone');
    await settle(new Error('database gone'));
    await flushed;
    expect(failures.map((e) => e.message)).toEqual(['database gone']);
  });
});
