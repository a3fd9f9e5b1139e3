import { Inject, Injectable } from '@nestjs/common';
import type { WebhookScheme } from '@accord/domain';
import { deriveWebhookKey, subscriberKey } from '@accord/feeds';
import { loadEd25519KeyFile } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface WebhookKeyRef {
  organisationId: string;
  endpointId: string;
  keyVersion: number;
}

/**
 * The key every webhook endpoint's keys are derived from, loaded once per process (retried after
 * a failure, e.g. a fixed chmod). Each key version of each endpoint gets its own 32 bytes.
 */
@Injectable()
export class WebhookKeys {
  private loading: Promise<Buffer> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private serverKey(): Promise<Buffer> {
    this.loading ??= loadEd25519KeyFile(this.config.webhooks.keyFile, { create: this.config.webhooks.createKeyFile })
      .then((key) => key.export({ format: 'der', type: 'pkcs8' }))
      .catch((err) => {
        this.loading = undefined;
        throw err;
      });
    return this.loading;
  }

  async keyOf(ref: WebhookKeyRef): Promise<Buffer> {
    return deriveWebhookKey(await this.serverKey(), ref.organisationId, ref.endpointId, ref.keyVersion);
  }

  /** What the subscriber needs to verify: `whpk_…` for v1a, `whsec_…` for v1. */
  async subscriberKey(scheme: WebhookScheme, ref: WebhookKeyRef): Promise<string> {
    return subscriberKey(scheme, await this.keyOf(ref));
  }
}
