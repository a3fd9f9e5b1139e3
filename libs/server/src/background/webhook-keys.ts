import { Inject, Injectable } from '@nestjs/common';
import type { WebhookScheme } from '@accord/domain';
import { deriveWebhookKey, subscriberKey, WebhookSigner, webhookSigner } from '@accord/feeds';
import { loadEd25519KeyFile } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface WebhookKeyRef {
  organisationId: string;
  endpointId: string;
  keyVersion: number;
}

/** Signers kept per process: HKDF and the Ed25519 key object cost more than the signature itself. */
const MAX_SIGNERS = 10_000;

/**
 * The key every webhook endpoint's keys are derived from, loaded once per process (retried after
 * a failure, e.g. a fixed chmod). Each key version of each endpoint gets its own 32 bytes.
 */
@Injectable()
export class WebhookKeys {
  private loading: Promise<Buffer> | undefined;
  private readonly signers = new Map<string, WebhookSigner>();

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

  async sign(
    scheme: WebhookScheme,
    ref: WebhookKeyRef,
    msgId: string,
    timestamp: number,
    body: string,
  ): Promise<string> {
    return (await this.signer(scheme, ref))(msgId, timestamp, body);
  }

  private async signer(scheme: WebhookScheme, ref: WebhookKeyRef): Promise<WebhookSigner> {
    const id = `${scheme}\0${ref.organisationId}\0${ref.endpointId}\0${ref.keyVersion}`;
    const known = this.signers.get(id);
    if (known) return known;
    const made = webhookSigner(scheme, await this.keyOf(ref));
    // The oldest goes first: a rotated key is not used again once its overlap ends.
    if (this.signers.size >= MAX_SIGNERS) this.signers.delete(this.signers.keys().next().value as string);
    this.signers.set(id, made);
    return made;
  }
}
