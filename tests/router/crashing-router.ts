// A platform process that starts the router with one route and is then killed with SIGKILL
// by the test (router-takeover.test.ts): the nginx it leaves running is real.
import { allowServerOnlyImports } from "../../server/platform/allow-server-only";

async function main(): Promise<void> {
  allowServerOnlyImports();
  const { startNginxRouter } = await import("../../server/router/nginx/nginx-router");
  const { InMemoryRouteTable } = await import("../../server/router/route-table");
  const options = JSON.parse(process.argv[2] ?? "{}") as {
    port: number;
    prefix: string;
    host: string;
    upstreamPort: number;
  };
  const table = new InMemoryRouteTable();
  const router = await startNginxRouter({
    port: options.port,
    host: "127.0.0.1",
    prefix: options.prefix,
    table,
  });
  table.setRoute([options.host], {
    appId: "old-app",
    kind: "proxy",
    upstreams: [{ instanceId: "old-1", host: "127.0.0.1", port: options.upstreamPort, socket: null }],
  });
  await router.settle();
  console.log("ready");
  setInterval(() => undefined, 60_000);
}

void main();
