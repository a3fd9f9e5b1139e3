import { Global, Module } from '@nestjs/common';
import { CurrentMembers } from './current-members';
import { RateLimits } from './rate-limits';

/** What the edge keeps across requests, for EdgeGuard and for local sign-in's own limit. */
@Global()
@Module({ providers: [RateLimits, CurrentMembers], exports: [RateLimits, CurrentMembers] })
export class EdgeModule {}
