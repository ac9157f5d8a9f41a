/**
 * `latchkey locks --count N --mqtt URL`: N simulated locks in this process, served over a
 * broker to hubs elsewhere (issue 13; docs/mqtt.md "Locks in other processes"). The locks
 * live in this process's data folder, so a restart brings back the same locks with their
 * codes, bolt and pack. Runs until Ctrl-C (or SIGTERM), then says `offline` to the broker.
 */
import { createHash } from "node:crypto";
import { getProfile } from "../core/profiles/index.ts";
import {
  LockHost,
  MAX_TRUSTED_KEYS,
  openDataFolder,
  parseTrustedKeys,
  readyLockSetup,
} from "../host/index.ts";
import type { LinkConnections } from "../host/index.ts";
import {
  connectLinkPair,
  DEFAULT_LINK_ROOT,
  endLinkPair,
  LockNode,
  linkTopics,
  nodeWill,
  PEER_ID_PATTERN,
} from "../host/index.ts";
import { brokerSettings, redactedUrl } from "../integrations/mqtt/index.ts";
import type { Output } from "./output.ts";

export const MAX_NODE_LOCKS = 100_000;
/** Locks made per commit when the process makes its missing locks. */
const MAKE_BATCH = 500;

export const LOCKS_USAGE = `usage: latchkey locks --count N --mqtt URL [--profile ID] [--node ID] [--root TOPIC] [--keepalive S] [--trust-key HEX]…

Runs N simulated locks in this process and serves them over an MQTT broker, so a hub in
another process (latchkey serve --mqtt URL) manages them as its own. The locks are kept in the
data folder (LATCHKEY_DATA, default ./latchkey-data): a restart brings the same locks back.

  --count N      how many locks this process runs (1–${MAX_NODE_LOCKS.toLocaleString("en-US")}); missing ones are made, paired
  --mqtt URL     the broker (mqtt://host:1883, mqtts://…); MQTT_URL when not given.
                 MQTT_USERNAME, MQTT_PASSWORD, MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE pass through
  --profile ID   the model of new locks (default smartcode-914)
  --node ID      this process's id on the broker (default: from the data folder)
  --root TOPIC   the link's topic root (default ${DEFAULT_LINK_ROOT})
  --keepalive S  MQTT keep-alive in seconds (1–3600, default 10): how soon hubs learn this process died
  --trust-key HEX  a firmware key the locks trust besides the maker's: the hub's public key, 64 hex
                 digits, as latchkey serve prints it (repeatable, at most ${MAX_TRUSTED_KEYS}). Also
                 LATCHKEY_TRUST_KEYS (comma-separated). Without it the locks refuse the hub's
                 firmware (update.signature); no key is ever taken over the broker
  -h, --help     this text

exit: 0 stopped by Ctrl-C or SIGTERM · 1 the broker cannot be reached, or the locks cannot be
made · 2 bad arguments
`;

interface LocksArgs {
  count: number;
  url: string;
  /** Where the URL came from, for a refusal: `--mqtt` or `MQTT_URL`. */
  urlFrom: string;
  profile: string;
  node?: string;
  root: string;
  keepaliveS: number;
  trustKeys: Uint8Array[];
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): LocksArgs | string {
  const values = new Map<string, string>();
  const keyTexts: string[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (
      !["--count", "--mqtt", "--profile", "--node", "--root", "--keepalive", "--trust-key"].includes(flag)
    ) {
      return `unknown option "${flag.slice(0, 40)}"`;
    }
    if (value === undefined || value.startsWith("--")) return `${flag} needs a value`;
    if (flag === "--trust-key") {
      keyTexts.push(value);
      continue;
    }
    if (values.has(flag)) return `${flag} given twice`;
    values.set(flag, value);
  }
  // The command line and the environment add up: an operator may keep the hub's key in the
  // service's environment and add another by hand.
  const envKeys = (env.LATCHKEY_TRUST_KEYS ?? "").split(/[\s,]+/).filter((k) => k !== "");
  const trustKeys = parseTrustedKeys([...keyTexts, ...envKeys]);
  if (typeof trustKeys === "string") return `--trust-key: ${trustKeys}`;
  const countText = values.get("--count");
  if (countText === undefined) return "--count N is required";
  const count = /^\d{1,6}$/.test(countText) ? Number(countText) : NaN;
  if (!(count >= 1 && count <= MAX_NODE_LOCKS)) return `--count must be 1–${MAX_NODE_LOCKS}`;
  const url = values.get("--mqtt") ?? env.MQTT_URL?.trim();
  if (!url) return "--mqtt URL is required (or MQTT_URL): the broker the hub also uses";
  const profile = values.get("--profile") ?? "smartcode-914";
  if (getProfile(profile) === undefined) return `unknown profile "${profile.slice(0, 40)}"`;
  const node = values.get("--node");
  if (node !== undefined && !PEER_ID_PATTERN.test(node)) return "--node is 1–64 letters, digits, - or _";
  const keepaliveText = values.get("--keepalive") ?? "10";
  const keepaliveS = /^\d{1,4}$/.test(keepaliveText) ? Number(keepaliveText) : NaN;
  if (!(keepaliveS >= 1 && keepaliveS <= 3600)) return "--keepalive is 1–3600 seconds";
  return {
    count,
    url,
    urlFrom: values.has("--mqtt") ? "--mqtt" : "MQTT_URL",
    profile,
    ...(node === undefined ? {} : { node }),
    root: values.get("--root") ?? DEFAULT_LINK_ROOT,
    keepaliveS,
    trustKeys,
  };
}

export async function locksRun(
  argv: readonly string[],
  io: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseArgs(argv, env);
  if (typeof args === "string") {
    io.err(`latchkey locks: ${args}\n\n${LOCKS_USAGE}`);
    return 2;
  }
  let topics: ReturnType<typeof linkTopics>;
  try {
    topics = linkTopics(args.root);
  } catch (error) {
    io.err(`latchkey locks: ${(error as Error).message}`);
    return 2;
  }
  const settings = brokerSettings(args.url, env, args.urlFrom);
  if (!settings.ok) {
    io.err(`latchkey locks: ${settings.reason}`);
    return 2;
  }
  let data: ReturnType<typeof openDataFolder>;
  try {
    data = openDataFolder(env);
  } catch (error) {
    io.err(
      `latchkey locks: cannot open the data folder: ${(error as Error).message} (LATCHKEY_DATA picks another)`,
    );
    return 2;
  }
  // A stable id per data folder: the same process restarted is the same node to every hub.
  const nodeId = args.node ?? `locks-${createHash("sha256").update(data.folder).digest("hex").slice(0, 10)}`;
  // The keys apply to every lock of this host, the stored ones too (LockHost gives them to the
  // locks it resumes), so a restart with --trust-key makes existing locks accept the hub's images.
  const host = new LockHost({ store: data.store, updateKeys: args.trustKeys });
  const opened = host.open();
  const profile = getProfile(args.profile)!;
  let made = 0;
  let failure: string | undefined;
  // Made MAKE_BATCH at a time, each batch one commit: one fsync per lock took minutes for 10,000.
  for (let from = 1; from <= args.count && failure === undefined; from += MAKE_BATCH) {
    host.batch(() => {
      for (let i = from; i < from + MAKE_BATCH && i <= args.count; i++) {
        const id = `${nodeId.toLowerCase().replaceAll("_", "-")}-${String(i).padStart(5, "0")}`.slice(-63);
        // A stored lock that could not be read keeps its id: left in place, not made again.
        if (host.view(id) !== undefined || host.unreadableLocks().has(id)) continue;
        const outcome = host.create({
          id,
          setup: readyLockSetup(profile.id, Date.now()),
        });
        if (!outcome.ok) {
          failure = `cannot make lock ${id}: ${outcome.reason}`;
          return;
        }
        made += 1;
      }
    });
  }
  if (failure !== undefined) {
    io.err(`latchkey locks: ${failure}`);
    await host.close();
    return 1;
  }
  let connections: LinkConnections;
  try {
    // Commands arrive on one connection, everything we publish leaves on the other (publisher-connection.ts).
    connections = await connectLinkPair(settings.value!.url, {
      ...settings.value!.options,
      keepalive: args.keepaliveS,
      reconnectPeriod: 2_000,
      will: nodeWill(topics, nodeId),
    });
  } catch (error) {
    io.err(
      `latchkey locks: cannot reach the broker at ${redactedUrl(args.url)}: ${(error as Error).message}`,
    );
    await host.close();
    return 1;
  }
  const node = new LockNode({ host, ...connections, topics, nodeId });
  await node.start();
  io.out(
    `Latchkey: ${host.size} locks (${opened.resumed} resumed, ${made} made) on node ${nodeId}, ` +
      `served over ${redactedUrl(args.url)} under ${topics.root}/` +
      (args.trustKeys.length > 0
        ? `; firmware keys trusted besides the maker's: ${args.trustKeys.map((k) => Buffer.from(k).toString("hex")).join(", ")}`
        : "; only the maker's firmware is trusted (--trust-key adds the hub's)") +
      (opened.skipped.length > 0
        ? `; could not read ${[...host.unreadableLocks()].map(([id, why]) => `${id} (${why})`).join(", ")} — left in place, untouched`
        : "") +
      " — Ctrl-C stops",
  );
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      void node
        .close()
        .then(() => endLinkPair(connections))
        .then(() => host.close())
        .then(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
