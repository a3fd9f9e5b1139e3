import { ApiProperty } from '@nestjs/swagger';

class AppendedEventView {
  @ApiProperty({ example: '0f8a4f0e-5f7c-4f0e-9c1e-2b8d3f1a6c55' }) eventId: string;
  @ApiProperty({ example: 'VoteCast' }) type: string;
  @ApiProperty({ example: 1042 }) position: number;
  @ApiProperty({ example: 7 }) revision: number;
}

/** OpenAPI shape of every command's answer (see CommandResponse). */
export class CommandResponseView {
  @ApiProperty({
    example: { decisionId: 'station-road-disposal' },
    description: 'Ids of what the command created or changed',
  })
  ids: Record<string, string>;
  @ApiProperty({ example: 'decision-station-road-disposal' }) streamId: string;
  @ApiProperty({ example: 7, description: 'Stream revision after the command: send it as If-Match next time' })
  revision: number;
  @ApiProperty({ example: 1042, description: 'Log position written: pass as minPosition to read your own write' })
  position: number;
  @ApiProperty({ type: [AppendedEventView] }) events: AppendedEventView[];
  @ApiProperty({ example: false, description: 'True when this answers a retried Idempotency-Key' }) replayed: boolean;
}
