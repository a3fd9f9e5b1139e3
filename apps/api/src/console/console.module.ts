import { Module } from '@nestjs/common';
import { ConsoleSignInController } from './console-sign-in.controller';

@Module({ controllers: [ConsoleSignInController] })
export class ConsoleModule {}
