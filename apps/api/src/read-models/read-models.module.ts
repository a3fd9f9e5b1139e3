import { Module } from '@nestjs/common';
import { AccountabilityReader } from './application/accountability.reader';
import { DecisionViews } from './application/decision-views.reader';
import { ForwardPlanViews } from './application/forward-plan.reader';
import { MeetingViews } from './application/meeting-views.reader';
import { PartnershipViews } from './application/partnership-views.reader';
import { PartyOpenData } from './application/party-open-data';
import { PublicRegisterViews } from './application/public-register.views';
import { ReadPositions } from './application/read-positions';
import { TrailReader } from './application/trail.reader';
import { AccountabilityController } from './http/accountability.controller';
import { DecisionViewsController } from './http/decision-views.controller';
import { ForwardPlanController } from './http/forward-plan.controller';
import { MeetingViewsController } from './http/meeting-views.controller';
import { PartnershipViewsController } from './http/partnership-views.controller';
import { PartyOpenDataController } from './http/party-open-data.controller';
import { PublicAnswers } from './http/public-answers';
import { PublicOpenDataController } from './http/public-open-data.controller';
import { PublicRegisterController } from './http/public-register.controller';

/** The query side built by libs/projections (the projections themselves run in BackgroundModule). */
@Module({
  controllers: [
    PartnershipViewsController,
    DecisionViewsController,
    MeetingViewsController,
    ForwardPlanController,
    AccountabilityController,
    PublicRegisterController,
    PublicOpenDataController,
    PartyOpenDataController,
  ],
  providers: [
    ReadPositions,
    PartnershipViews,
    DecisionViews,
    MeetingViews,
    ForwardPlanViews,
    TrailReader,
    AccountabilityReader,
    PublicRegisterViews,
    PublicAnswers,
    PartyOpenData,
  ],
})
export class ReadModelsModule {}
