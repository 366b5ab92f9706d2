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

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  pythonVersion: "python3",
  root: ".",
  requirements: null,
  wsgi: null,
  django: null,
  appProcesses: [],
  workerProcesses: [],
  variables: [],
};
