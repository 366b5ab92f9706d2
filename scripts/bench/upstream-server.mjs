// A minimal upstream for the router benchmark: fast enough that the proxy is what is measured.
import http from "node:http";

const body = Buffer.from("hello from the upstream\n");
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.stdout.write("READY\n"));
