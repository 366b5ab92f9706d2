// The platform's router on its own, in front of one upstream, for the router benchmark.
import { startRouter } from "../../server/router/proxy-server";
import { InMemoryRouteTable } from "../../server/router/route-table";

const [port, upstreamPort, host] = process.argv.slice(2);
const table = new InMemoryRouteTable();
table.setRoute([host ?? "bench.localhost"], {
  appId: "bench",
  kind: "proxy",
  upstreams: [{ instanceId: "u1", host: "127.0.0.1", port: Number(upstreamPort) }],
});
let lines = 0;
void startRouter({
  port: Number(port),
  host: "127.0.0.1",
  table,
  // Like the platform: every request produces its access line (stored in batches there).
  onAccessLog: () => void lines++,
}).then(() => process.stdout.write("READY\n"));
process.on("SIGINT", () => process.exit(0));
