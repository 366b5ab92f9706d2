"use client";

import { useEffect, useState } from "react";

/** Milliseconds left until `target`, updated every second (null without a target). */
export function useCountdown(target: Date | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!target) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [target]);
  return target ? Math.max(0, target.getTime() - now) : null;
}
