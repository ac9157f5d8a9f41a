/**
 * matter.js's process-wide environment, set once before the first node: where nodes keep
 * their fabrics (one folder per lock under `<data folder>/matter`), which interface mDNS
 * speaks on, and quiet logs. Facts behind the choices: ../shared/notes/matter-on-loopback.md.
 */
import { Environment, Logger, LogLevel, StorageService } from "@matter/main";

export interface MatterEnvironmentOptions {
  /** Folder for the nodes' storage; ignored with `memory`. */
  readonly storagePath?: string;
  /** Keep everything in memory (tests): nothing is written. */
  readonly memory?: boolean;
  /**
   * The interface mDNS advertises on. `lo` for loopback-only nodes (it has no multicast, so
   * controllers are given the address instead); undefined = every interface (the LAN).
   */
  readonly mdnsInterface?: string;
  readonly logLevel?: "debug" | "info" | "notice" | "warn" | "error" | "fatal";
}

export function configureMatterEnvironment(options: MatterEnvironmentOptions): Environment {
  const env = Environment.default;
  Logger.level = LogLevel(options.logLevel ?? (process.env["MATTER_LOG"] as "warn" | undefined) ?? "error");
  // The driver is read when storage opens, and vars set after import are too late for it.
  if (options.memory) env.get(StorageService).configuredDriver = "memory";
  if (options.storagePath !== undefined) env.vars.set("storage.path", options.storagePath);
  if (options.mdnsInterface !== undefined) env.vars.set("mdns.networkInterface", options.mdnsInterface);
  // Our server owns SIGINT/SIGTERM and the exit code.
  env.vars.set("runtime.signals", false);
  env.vars.set("runtime.exitcode", false);
  return env;
}
