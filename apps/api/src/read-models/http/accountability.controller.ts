import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { AccountabilityReader } from '../application/accountability.reader';
import { AccountabilityQueryDto } from './read-model.dtos';

@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/accountability')
@Roles('governance', 'auditor')
export class AccountabilityController {
  constructor(private readonly reader: AccountabilityReader) {}

  @Get()
  @ApiOperation({
    summary:
      'Accountability report of an organisation: decisions awaiting its sign-off, items past their closing time, overdue mitigations, sign-offs given and under which authority, interests declared and dispensations, approved decisions without a recorded outcome; under council procedure, key decisions taken without due notice (general exception, special urgency), decisions implemented, and decisions called in with scrutiny’s outcome and any reconsideration. Who: governance (own organisation only), auditors and admins (any organisation).',
  })
  @ApiResponse({ status: 403, description: 'not-own-organisation: a governance reader asked for another organisation' })
  report(@Query() query: AccountabilityQueryDto, @CurrentPrincipal() caller: Principal) {
    return this.reader.report(caller, query.organisationId, query.minPosition);
  }
}
