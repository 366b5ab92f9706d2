export type ProcessDefinition = { name: string; command: string; line: number };

/** What a release runs, resolved from thirty.ini and its defaults. */
export type RuntimeConfig = {
  pythonVersion: string;
  /** Project root, relative to the repository root (normalised, never escaping it). */
  root: string;
  requirements: string | null;
  wsgi: { entrypoint: string } | null;
  django: { settings: string } | null;
  appProcesses: ProcessDefinition[];
  workerProcesses: ProcessDefinition[];
  variables: { name: string; value: string }[];
};

/**
 * Frozen, arrays included: a resolved config is built from a fresh copy (freshRuntimeConfig), so
 * one app's [variables] or processes can never end up in the next app's config.
 */
export const DEFAULT_RUNTIME_CONFIG: Readonly<RuntimeConfig> = Object.freeze({
  pythonVersion: "python3",
  root: ".",
  requirements: null,
  wsgi: null,
  django: null,
  appProcesses: Object.freeze([]) as unknown as RuntimeConfig["appProcesses"],
  workerProcesses: Object.freeze([]) as unknown as RuntimeConfig["workerProcesses"],
  variables: Object.freeze([]) as unknown as RuntimeConfig["variables"],
});

export function freshRuntimeConfig(): RuntimeConfig {
  return {
    ...DEFAULT_RUNTIME_CONFIG,
    appProcesses: [],
    workerProcesses: [],
    variables: [],
  };
}
