export * from './canonical-json';
export * from './leaf-hash';
export * from './merkle-tree';
export * from './node-reader';
export * from './proofs';
export * from './checkpoint';
export * from './bundle/bundle-format';
export * from './bundle/bundle-verifier';
