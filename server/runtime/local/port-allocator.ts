import net from "node:net";

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Hands out loopback ports from a range, never one it already gave to a live instance. */
export class PortAllocator {
  private readonly inUse = new Set<number>();
  private next: number;

  constructor(
    private readonly from = 20000,
    private readonly to = 29999,
  ) {
    this.next = from;
  }

  async allocate(): Promise<number> {
    const size = this.to - this.from + 1;
    for (let tried = 0; tried < size; tried++) {
      const port = this.next;
      this.next = port >= this.to ? this.from : port + 1;
      if (this.inUse.has(port)) continue;
      if (await canBind(port)) {
        this.inUse.add(port);
        return port;
      }
    }
    throw new Error(`No free port between ${this.from} and ${this.to}: stop some instances.`);
  }

  /** A port an instance already listens on (taken over after a crash). */
  reserve(port: number): void {
    this.inUse.add(port);
  }

  release(port: number): void {
    this.inUse.delete(port);
  }
}
