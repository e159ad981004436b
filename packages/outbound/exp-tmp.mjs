import { createServer } from "node:http";
import { Agent } from "undici";
let conns = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.end("ok"));
});
server.on("connection", () => conns++);
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
for (const [name, wait] of [
  ["none", async () => {}],
  ["microtask", () => Promise.resolve()],
  ["nextTick", () => new Promise((r) => process.nextTick(r))],
  ["immediate", () => new Promise((r) => setImmediate(r))],
]) {
  conns = 0;
  const agent = new Agent();
  const seq = [];
  for (let i = 0; i < 6; i++) {
    const r = await agent.request({ origin, path: "/", method: "POST", body: new Uint8Array(3) });
    await r.body.text();
    await wait();
    seq.push(conns);
  }
  console.log(name, seq.join(","));
  await agent.close();
}
server.close();
