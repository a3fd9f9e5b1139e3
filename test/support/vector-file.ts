import { readFileSync, writeFileSync } from 'node:fs';

export interface VectorFile<V> {
  /** What the checked-in file holds. */
  readonly file: V;
  readonly fileText: string;
  /** What the code generates now, serialised as the file is. */
  readonly generatedText: string;
}

/**
 * A checked-in test-vector file and what the code generates today, for a suite to insist they are
 * byte-identical. With UPDATE_AUDIT_VECTORS=1 the file is rewritten first (after an intentional
 * format change).
 */
export async function readVectorFile<V>(path: string, generate: () => Promise<V>): Promise<VectorFile<V>> {
  const generatedText = `${JSON.stringify(await generate(), null, 2)}\n`;
  if (process.env.UPDATE_AUDIT_VECTORS === '1') writeFileSync(path, generatedText);
  const fileText = readFileSync(path, 'utf8');
  return { file: JSON.parse(fileText) as V, fileText, generatedText };
}
