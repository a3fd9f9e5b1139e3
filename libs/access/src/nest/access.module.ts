import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier, type TokenVerifierConfig } from '../token-verifier';
import { TOKEN_VERIFIER, type PrincipalVerifier } from './access.constants';
import { AuthGuard } from './auth.guard';

export interface AccessModuleOptions {
  /** A verifier configuration, or a ready verifier (a `TokenVerifier` or a test fake). */
  verifier: TokenVerifierConfig | PrincipalVerifier;
  /** Register `AuthGuard` as the global `APP_GUARD`; default true. */
  globalGuard?: boolean;
}

export interface AccessModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factory arguments are untyped
    ...args: any[]
  ) => Promise<TokenVerifierConfig | PrincipalVerifier> | TokenVerifierConfig | PrincipalVerifier;
  inject?: FactoryProvider['inject'];
  /** Register `AuthGuard` as the global `APP_GUARD`; default true. */
  globalGuard?: boolean;
}

/**
 * Provides `TOKEN_VERIFIER` and `AuthGuard` to the whole application (a global module) and, unless
 * `globalGuard: false`, installs `AuthGuard` as `APP_GUARD`.
 *
 * Use `forRootAsync` for the embedded default, whose key is loaded from disk:
 * `useFactory: async () => { const key = await loadOrCreateLocalSigningKey(dir); return { mode: 'local', publicKey: key.publicKey, issuer, audience }; }`.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return AccessModule.build(
      [{ provide: TOKEN_VERIFIER, useValue: toVerifier(options.verifier) }],
      options.globalGuard,
    );
  }

  static forRootAsync(options: AccessModuleAsyncOptions): DynamicModule {
    const provider: Provider = {
      provide: TOKEN_VERIFIER,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AccessModuleAsyncOptions
      useFactory: async (...args: any[]) => toVerifier(await options.useFactory(...args)),
      inject: options.inject ?? [],
    };
    return { ...AccessModule.build([provider], options.globalGuard), imports: options.imports ?? [] };
  }

  private static build(providers: Provider[], globalGuard = true): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [...providers, AuthGuard, ...(globalGuard ? [{ provide: APP_GUARD, useClass: AuthGuard }] : [])],
      exports: [TOKEN_VERIFIER, AuthGuard],
    };
  }
}

function toVerifier(value: TokenVerifierConfig | PrincipalVerifier): PrincipalVerifier {
  if ('verify' in value && typeof value.verify === 'function') return value;
  return new TokenVerifier(value as TokenVerifierConfig);
}
