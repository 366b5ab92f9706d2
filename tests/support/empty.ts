// Stands in for `server-only` (and any other marker module) in tests.
export {};
