import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  consistencyProof,
  encodeVerifierKey,
  InMemoryNodeStore,
  leafHash,
  MerkleTreeAppender,
  signCheckpoint,
} from '@accord/audit';

/**
 * A transparency log in memory for witness tests: it grows, signs C2SP checkpoints at any size it
 * reached and proves consistency between sizes. `fork` gives a log with the same origin and key
 * whose leaves differ from a given index on: what a host rewriting history would sign.
 */
export class TestLog {
  readonly vkey: string;
  private readonly store = new InMemoryNodeStore();
  private readonly appender = new MerkleTreeAppender();
  private readonly roots: Buffer[] = [];

  constructor(
    readonly origin = 'accord.test/log',
    readonly privateKey: KeyObject = generateKeyPairSync('ed25519').privateKey,
    private readonly leafSeed: (index: number) => string = (i) => `leaf ${i}`,
  ) {
    this.vkey = encodeVerifierKey(origin, privateKey);
  }

  get size(): number {
    return this.appender.size;
  }

  grow(leaves: number): this {
    for (let i = 0; i < leaves; i++) {
      this.store.add(this.appender.append(leafHash(Buffer.from(this.leafSeed(this.appender.size)))));
      this.roots.push(this.appender.root());
    }
    return this;
  }

  root(size = this.size): Buffer {
    if (size === 0) return createHash('sha256').digest();
    const root = this.roots[size - 1];
    if (!root) throw new RangeError(`the log never had ${size} leaves`);
    return root;
  }

  checkpoint(size = this.size, key: KeyObject = this.privateKey): string {
    return signCheckpoint(
      { origin: this.origin, size, rootHash: this.root(size) },
      { name: this.origin, privateKey: key },
    );
  }

  proof(oldSize: number, newSize = this.size): Promise<Buffer[]> {
    return consistencyProof(oldSize, newSize, this.store);
  }

  /** Same origin and key; leaves from `fromIndex` on differ. */
  fork(fromIndex: number): TestLog {
    return new TestLog(this.origin, this.privateKey, (i) => (i < fromIndex ? this.leafSeed(i) : `forked ${i}`));
  }
}
