/**
 * Matter for the server, loaded when it is needed: matter.js costs about 105 MB, so it is
 * loaded at start only with MATTER=1 or when the data folder says some lock is a Matter node;
 * otherwise the first `POST /api/locks/{id}/matter` loads it. Until then every lock simply
 * is not a Matter node. This file imports nothing of matter.js itself.
 */
import type { LockView } from "./lock-port.ts";
import type { MatterHost, MatterService, Outcome } from "./matter-service.ts";
import type { MatterPairingInfo } from "./matter-lock-node.ts";
import { matterFolder, readEnabledLocks } from "./enabled-locks.ts";

export interface MatterOnDemandOptions {
  readonly host: MatterHost;
  readonly dataDir: string | null;
  readonly network: "loopback" | "lan";
  /** MATTER=1: every lock a node, matter.js loaded at once. */
  readonly all: boolean;
  /** Told each time a lock becomes a node: `npm start` prints its pairing data. */
  readonly onEnabled?: (id: string, info: MatterPairingInfo) => void;
}

export class MatterOnDemand {
  private service: MatterService | null = null;
  private opening: Promise<MatterService> | null = null;
  private closed = false;

  private constructor(private readonly options: MatterOnDemandOptions) {}

  /** Opens the service at once when MATTER=1 or a lock is already a Matter node. */
  static async open(options: MatterOnDemandOptions): Promise<MatterOnDemand> {
    const self = new MatterOnDemand(options);
    const folder = options.dataDir === null ? null : matterFolder(options.dataDir);
    if (options.all || readEnabledLocks(folder).size > 0) await self.load();
    return self;
  }

  /** Whether matter.js is loaded (a lock is, or was, a Matter node in this process). */
  get loaded(): boolean {
    return this.service !== null;
  }

  info(id: string): Outcome<MatterPairingInfo> {
    if (this.service) return this.service.info(id);
    return this.notANode(id);
  }

  qrSvg(id: string): Outcome<string> {
    if (this.service) return this.service.qrSvg(id);
    return this.notANode(id);
  }

  async enable(id: string): Promise<Outcome<MatterPairingInfo>> {
    if (!this.options.host.view(id)) return { ok: false, code: "lock.not-found", reason: `no lock "${id}"` };
    const radioless = this.radioless(this.options.host.view(id));
    if (radioless) return radioless;
    const service = await this.load();
    return service.enable(id);
  }

  async disable(id: string): Promise<Outcome<void>> {
    if (this.service) return this.service.disable(id);
    if (!this.options.host.view(id)) return { ok: false, code: "lock.not-found", reason: `no lock "${id}"` };
    return { ok: true, value: undefined }; // not a node: nothing to do
  }

  async close(): Promise<void> {
    this.closed = true;
    const service = this.service ?? (await this.opening?.catch(() => null));
    await service?.close();
  }

  private load(): Promise<MatterService> {
    if (this.service) return Promise.resolve(this.service);
    if (this.closed) return Promise.reject(new Error("the server is stopping"));
    this.opening ??= import("./matter-service.ts")
      .then(({ MatterService }) => MatterService.open(this.options))
      .then((service) => (this.service = service));
    return this.opening;
  }

  private notANode(id: string): Outcome<never> {
    if (!this.options.host.view(id)) return { ok: false, code: "lock.not-found", reason: `no lock "${id}"` };
    return (
      this.radioless(this.options.host.view(id)) ?? {
        ok: false,
        code: "matter.disabled",
        reason: `lock "${id}" is not a Matter node: enable Matter for it`,
      }
    );
  }

  private radioless(view: LockView | undefined): Outcome<never> | null {
    if (!view || view.radio !== null) return null;
    return { ok: false, code: "matter.no-radio", reason: `${view.model} has no radio: nothing can reach it` };
  }
}
