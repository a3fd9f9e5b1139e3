import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, Observable } from 'rxjs';
import { hasNeedToKnow, type Principal } from '@accord/access';
import { type ExemptReader, PersonalDataCipher } from '@accord/event-store';
import { AggregateStates } from '@accord/server';

const KEEP_SEALED = 'accord:keep-sealed';

/**
 * For answers that carry the log's hashed bytes (proofs, exports): personal data and exempt
 * values stay sealed there, as they were hashed, or the bytes would no longer match their leaf hash.
 */
export const KeepSealed = () => SetMetadata(KEEP_SEALED, true);

/**
 * Opens sealed values in every answer (DESIGN §4): a caller who may read a route reads what the
 * log holds about people, and "[erased]" once a person's key is destroyed; exempt values only
 * when the visibility policy gives the caller need to know, "[withheld]" for anyone else (an
 * anonymous caller included). Done once here rather than in each reader, so no reader can forget
 * it; routes that serve hashed bytes opt out with @KeepSealed(). Streamed answers (SSE, exports)
 * bypass interceptors: the feed opens its events itself with {@link exemptReaderFor}.
 */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(
    private readonly cipher: PersonalDataCipher,
    private readonly reflector: Reflector,
    private readonly states: AggregateStates,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.getAllAndOverride<boolean>(KEEP_SEALED, [context.getHandler(), context.getClass()]))
      return next.handle();
    const caller = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    return next
      .handle()
      .pipe(mergeMap((body) => from(this.cipher.open(body, exemptReaderFor(caller ?? null, this.states)))));
  }
}

/** Whether `caller` has need to know a partnership's exempt values, its parties looked up once per answer. */
export function exemptReaderFor(caller: Principal | null, states: AggregateStates): ExemptReader {
  return async (partnershipId) =>
    caller !== null && hasNeedToKnow(caller, (await states.load('partnership', partnershipId)).state.parties);
}
