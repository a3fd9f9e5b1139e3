import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A test-vector suite's common part, registered in the calling describe block: before its tests,
 * the checked-in file at `path` is read and handed to `use`, and a test insists that what the code
 * generates today is byte-identical to it. With UPDATE_AUDIT_VECTORS=1 the file is rewritten
 * first (after an intentional format change).
 */
export function reproducesVectorFile<V>(path: string, generate: () => Promise<V>, use: (file: V) => void): void {
  let fileText: string;
  let generatedText: string;

  beforeAll(async () => {
    generatedText = `${JSON.stringify(await generate(), null, 2)}\n`;
    if (process.env.UPDATE_AUDIT_VECTORS === '1') writeFileSync(path, generatedText);
    fileText = readFileSync(path, 'utf8');
    use(JSON.parse(fileText) as V);
  });

  it('are reproduced byte for byte by the code', () => {
    expect(fileText).toBe(generatedText);
  });
}
