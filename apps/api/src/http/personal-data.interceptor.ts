import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, Observable } from 'rxjs';
import { PersonalDataCipher } from '@accord/event-store';

const KEEP_SEALED = 'accord:keep-sealed';

/**
 * For answers that carry the log's hashed bytes (proofs, exports): personal data stays sealed
 * there, as it was hashed, or the bytes would no longer match their leaf hash.
 */
export const KeepSealed = () => SetMetadata(KEEP_SEALED, true);

/**
 * Opens sealed personal data in every answer (DESIGN §4): a caller who may read a route reads
 * what the log holds about people, and "[erased]" once a person's key is destroyed. Done once
 * here rather than in each reader, so no reader can forget it; routes that serve hashed bytes opt
 * out with @KeepSealed(). Streamed answers (SSE, exports) bypass interceptors and stay sealed.
 */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(
    private readonly cipher: PersonalDataCipher,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.getAllAndOverride<boolean>(KEEP_SEALED, [context.getHandler(), context.getClass()]))
      return next.handle();
    return next.handle().pipe(mergeMap((body) => from(this.cipher.open(body))));
  }
}
