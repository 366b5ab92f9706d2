const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** Below 10 with one decimal, above it rounded, never a trailing ".0": "512", "1.5", "123", "1". */
function amount(value: number): string {
  return (value < 10 ? value.toFixed(1) : String(Math.round(value))).replace(/\.0$/, "");
}

/**
 * A size as people read it, in binary units named the usual way: "512 B", "12 kB", "1.5 MB",
 * "512 MB", "2.1 GB"; "—" for no reading.
 */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return "—";
  if (bytes < KB) return `${Math.round(bytes)} B`;
  // Rounded before the unit is chosen: 1,048,000 bytes is "1,023 kB", never "1,024 kB".
  if (Math.round(bytes / KB) < 1024) return `${Math.round(bytes / KB)} kB`;
  if (bytes < GB && Number(amount(bytes / MB)) < 1024) return `${amount(bytes / MB)} MB`;
  return `${amount(bytes / GB)} GB`;
}
