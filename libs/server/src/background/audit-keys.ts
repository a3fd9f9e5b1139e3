import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditSigningKey, loadAuditSigningKey } from '@accord/audit/postgres';

/** The checkpoint-signing key, loaded once per process (retried after a failure, e.g. a fixed chmod). */
@Injectable()
export class AuditKeys {
  private loading: Promise<AuditSigningKey> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(): Promise<AuditSigningKey> {
    this.loading ??= loadAuditSigningKey(this.config.audit).catch((err) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }
}
