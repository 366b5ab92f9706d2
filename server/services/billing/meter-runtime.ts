import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { recordInstanceStart } from "./record-instance-start";
import { recordInstanceStop } from "./record-instance-stop";

/**
 * Wires metering into a runtime: each instance's real start and stop times become a usage
 * record. A stand-in until platform-runtime.ts calls recordInstanceStart/Stop itself (two
 * lines, see the billing notes); both calls are idempotent, so having both is harmless.
 * A metering failure is logged and never fails the instance.
 */
export function meterRuntime(runtime: PlatformRuntime): void {
  const db = runtime.options.db;
  const start = runtime.startInstance.bind(runtime);
  const stop = runtime.stopInstance.bind(runtime);
  const shutdown = runtime.shutdown.bind(runtime);
  runtime.startInstance = async (spec) => {
    const at = new Date();
    const live = await start(spec);
    await recordInstanceStart(db, { instanceId: spec.id, appId: spec.appId, kind: spec.kind, at }).catch(
      (error: unknown) => console.error(`Metering the start of ${spec.id} failed:`, error),
    );
    return live;
  };
  runtime.stopInstance = async (instance, options) => {
    await stop(instance, options);
    await recordInstanceStop(db, { instanceId: instance.id, at: new Date() }).catch((error: unknown) =>
      console.error(`Metering the stop of ${instance.id} failed:`, error),
    );
  };
  // On shutdown the driver ends every process at once without stopInstance.
  runtime.shutdown = async () => {
    const ids = runtime.knownAppIds().flatMap((appId) => runtime.live(appId).map((i) => i.id));
    await shutdown();
    const at = new Date();
    await Promise.all(ids.map((instanceId) => recordInstanceStop(db, { instanceId, at }))).catch(
      (error: unknown) => console.error("Metering the shutdown failed:", error),
    );
  };
}
