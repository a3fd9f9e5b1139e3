export * from './principal';
export * from './visibility';
export * from './local-signing-key';
export * from './token-minter';
export * from './token-verifier';
export * from './nest';
