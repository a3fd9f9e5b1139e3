import { Logger } from '@nestjs/common';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BadInputError } from '@accord/platform';
import { SECURITY_HEADERS } from './edge-hooks';
import { sendProblem } from './problem.filter';

const logger = new Logger('http');

/**
 * Fastify's router refuses some URLs before any route, hook or Nest filter runs (`frameworkErrors`):
 * they leave as problems with stable codes like every other refusal.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS);
  sendProblem(asAppError(error), request, reply, logger);
}

function asAppError(error: FastifyError): unknown {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new BadInputError('bad-url', 'The path holds a percent-encoding that is not UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new BadInputError('path-parameter-too-long', 'A path parameter is longer than the API accepts');
    default:
      return error;
  }
}
