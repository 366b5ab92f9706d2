"use client";

import { useAppQuery } from "../use-app";

/**
 * The app for a tab. The shell renders tabs only once the app loaded, so the data is there;
 * a tab still renders nothing until then rather than assume it.
 */
export function useTabApp(name: string) {
  return useAppQuery(name).data ?? null;
}
