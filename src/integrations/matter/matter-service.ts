/**
 * The Matter side of a lock host: which locks are Matter nodes (each by choice from the
 * page or API, or every one with MATTER=1), their nodes, and what they keep in the data
 * folder (`<data>/matter/`: the pairing secret, the list of enabled locks with their
 * ports, and one matter.js storage folder per lock holding its fabrics).
 */
import { join } from "node:path";
import type { EnabledLock } from "./enabled-locks.ts";
import { matterFolder, readEnabledLocks, writeEnabledLocks } from "./enabled-locks.ts";
import type { LockLink, LockView, MatterLockSource } from "./lock-port.ts";
import { configureMatterEnvironment } from "./matter-environment.ts";
import type { MatterPairingInfo } from "./matter-lock-node.ts";
import { MatterLockNode } from "./matter-lock-node.ts";
import { loadPairingSecret, pairingOf } from "./pairing-secret.ts";
import { qrSvg } from "./qr-image.ts";

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

/** A change the host announces (the host's HostChange: the lock's id; a view is read back). */
export type HostChange = { readonly type: "added" | "removed" | "changed"; readonly id: string };

/** The part of the host (src/host's LockHost) the Matter service uses. */
export interface MatterHost {
  list(): readonly LockView[];
  view(id: string): LockView | undefined;
  link(id: string): LockLink | undefined;
  subscribe(listener: (change: HostChange) => void): () => void;
}

export interface MatterServiceOptions {
  readonly host: MatterHost;
  /** The host's data folder; null keeps everything in memory (tests). */
  readonly dataDir: string | null;
  /** `loopback`: 127.0.0.1 and ::1 only, no multicast; `lan`: every interface, with mDNS. */
  readonly network: "loopback" | "lan";
  /** MATTER=1: every lock is a Matter node, now and when added. */
  readonly all: boolean;
  /** Told each time a lock becomes a node (at start too): `npm start` prints its pairing data. */
  readonly onEnabled?: (id: string, info: MatterPairingInfo) => void;
}

/** At most this many Matter nodes in one process (each is about 1 MB and a UDP socket). */
export const MAX_MATTER_LOCKS = 500;

export class MatterService {
  private readonly nodes = new Map<string, MatterLockNode>();
  private readonly viewListeners = new Map<string, Set<() => void>>();
  private readonly enabled: Map<string, EnabledLock>;
  private readonly folder: string | null;
  private readonly secret: Buffer;
  private readonly unsubscribe: () => void;
  /** Enabling and disabling one at a time: commissioning windows and ports stay consistent. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: MatterServiceOptions) {
    this.folder = options.dataDir === null ? null : matterFolder(options.dataDir);
    configureMatterEnvironment({
      ...(this.folder === null ? { memory: true } : { storagePath: join(this.folder, "nodes") }),
      ...(options.network === "loopback" ? { mdnsInterface: "lo" } : {}),
    });
    this.secret = loadPairingSecret(this.folder);
    this.enabled = readEnabledLocks(this.folder);
    this.unsubscribe = options.host.subscribe((change) => this.onHostChange(change));
  }

  static async open(options: MatterServiceOptions): Promise<MatterService> {
    const service = new MatterService(options);
    const ids = options.all ? options.host.list().map((v) => v.id) : [...service.enabled.keys()];
    for (const id of ids) {
      const outcome = await service.enable(id);
      if (!outcome.ok) console.error(`matter: lock ${id} is not a Matter node: ${outcome.reason}`);
    }
    return service;
  }

  isEnabled(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Pairing data for `GET /api/locks/{id}/matter`. */
  info(id: string): Outcome<MatterPairingInfo> {
    const view = this.options.host.view(id);
    if (!view) return { ok: false, code: "lock.not-found", reason: `no lock "${id}"` };
    const node = this.nodes.get(id);
    if (!node && view.radio === null) {
      return {
        ok: false,
        code: "matter.no-radio",
        reason: `${view.model} has no radio: nothing can reach it`,
      };
    }
    if (!node) {
      return {
        ok: false,
        code: "matter.disabled",
        reason: `lock "${id}" is not a Matter node: enable Matter for it`,
      };
    }
    return { ok: true, value: node.pairingInfo() };
  }

  node(id: string): MatterLockNode | undefined {
    return this.nodes.get(id);
  }

  enable(id: string): Promise<Outcome<MatterPairingInfo>> {
    return this.serially(() => this.enableNow(id));
  }

  /**
   * The lock stops being a Matter node: it leaves every fabric (each controller loses it)
   * and its node's storage goes; enabling it again means commissioning it again. Refused
   * under MATTER=1, where every lock is a node.
   */
  disable(id: string): Promise<Outcome<void>> {
    if (!this.options.host.view(id))
      return Promise.resolve({ ok: false, code: "lock.not-found", reason: `no lock "${id}"` });
    if (this.options.all) {
      return Promise.resolve({
        ok: false,
        code: "matter.all-on",
        reason: "MATTER=1 makes every lock a Matter node: start the server without it to choose lock by lock",
      });
    }
    return this.serially(async () => {
      const node = this.nodes.get(id);
      if (!node) return { ok: true, value: undefined };
      this.nodes.delete(id);
      this.viewListeners.delete(id);
      this.enabled.delete(id);
      writeEnabledLocks(this.folder, this.enabled);
      await node.eraseAndClose();
      return { ok: true, value: undefined };
    });
  }

  /** The pairing QR code as an SVG image, for the lock's page. */
  qrSvg(id: string): Outcome<string> {
    const info = this.info(id);
    return info.ok ? { ok: true, value: qrSvg(info.value.qr_pairing_code) } : info;
  }

  /** A lock that left the host: its node leaves its fabrics and its storage goes. */
  private forget(id: string): Promise<void> {
    return this.serially(async () => {
      const node = this.nodes.get(id);
      this.nodes.delete(id);
      this.viewListeners.delete(id);
      if (this.enabled.delete(id)) writeEnabledLocks(this.folder, this.enabled);
      if (node) await node.eraseAndClose();
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.queue.catch(() => undefined);
    const nodes = [...this.nodes.values()];
    this.nodes.clear();
    for (const node of nodes) await node.close();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async enableNow(id: string): Promise<Outcome<MatterPairingInfo>> {
    const existing = this.nodes.get(id);
    if (existing) return { ok: true, value: existing.pairingInfo() };
    const view = this.options.host.view(id);
    const link = this.options.host.link(id);
    if (!view || !link) return { ok: false, code: "lock.not-found", reason: `no lock "${id}"` };
    if (view.radio === null) {
      return {
        ok: false,
        code: "matter.no-radio",
        reason: `${view.model} has no radio: nothing can reach it`,
      };
    }
    if (this.nodes.size >= MAX_MATTER_LOCKS) {
      return {
        ok: false,
        code: "matter.too-many",
        reason: `at most ${MAX_MATTER_LOCKS} Matter locks in one process`,
      };
    }
    const { passcode, discriminator } = pairingOf(this.secret, id);
    const loopback = this.options.network === "loopback";
    const remembered = this.enabled.get(id)?.port ?? 0;
    const source = this.sourceFor(id, link);
    let node: MatterLockNode | undefined;
    try {
      node = await this.startNode(source, passcode, discriminator, remembered, loopback);
    } catch (error) {
      // The port it had is taken now: any free one (a controller on the LAN finds it by mDNS).
      if (remembered !== 0)
        node = await this.startNode(source, passcode, discriminator, 0, loopback).catch(() => undefined);
      if (!node) {
        console.error(`matter: lock ${id}: the node did not start:`, error);
        return {
          ok: false,
          code: "matter.start-failed",
          reason: `the Matter node did not start: ${(error as Error).message}`,
        };
      }
    }
    this.nodes.set(id, node);
    this.enabled.set(id, { port: node.port });
    writeEnabledLocks(this.folder, this.enabled);
    this.options.onEnabled?.(id, node.pairingInfo());
    return { ok: true, value: node.pairingInfo() };
  }

  private async startNode(
    source: MatterLockSource,
    passcode: number,
    discriminator: number,
    port: number,
    loopback: boolean,
  ): Promise<MatterLockNode> {
    const node = await MatterLockNode.create({
      source,
      passcode,
      discriminator,
      port,
      ...(loopback ? { listenIpv4: "127.0.0.1", listenIpv6: "::1" } : {}),
    });
    try {
      await node.start();
    } catch (error) {
      await node.close().catch(() => undefined);
      throw error;
    }
    return node;
  }

  private sourceFor(id: string, link: LockLink): MatterLockSource {
    return {
      id,
      link,
      view: () => this.options.host.view(id),
      onViewChange: (listener) => {
        let set = this.viewListeners.get(id);
        if (!set) this.viewListeners.set(id, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    };
  }

  private onHostChange(change: HostChange): void {
    if (change.type === "changed") {
      const listeners = this.viewListeners.get(change.id);
      // No view made here: a bolt run says "changed" several times, the node reads the last.
      if (listeners) for (const listener of listeners) listener();
    } else if (change.type === "added") {
      if (this.options.all) {
        void this.enable(change.id).then((o) => {
          if (!o.ok) console.error(`matter: lock ${change.id} is not a Matter node: ${o.reason}`);
        });
      }
    } else {
      void this.forget(change.id);
    }
  }
}
