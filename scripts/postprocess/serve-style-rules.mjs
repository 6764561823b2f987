// The style rules of every language of a build (purge-css.mjs's styleRules) from one Node.js process, over a
// Unix socket; scripts/postprocess/style_rules.py starts it on a build's first request:
//
//   node scripts/postprocess/serve-style-rules.mjs SOCKET            listen at the path SOCKET
//   node scripts/postprocess/serve-style-rules.mjs --fd FD [ANSWERS]  on the socket already listening as FD,
//                                                                    and end after ANSWERS answers
//
// One request per connection: the request's JSON ({siteDir, stylesheet, siteCss, scripts, pages, ...}, as
// purge-css.mjs --request reads it) until the client stops writing, then the answer's JSON (or
// {"error": ...}) back. Node.js starts and loads PurgeCSS once, not once per language, and the later
// languages run on code already compiled (a language's second run took a third of the first's time).
// PurgeCSS and the rest are loaded on the first request. It ends when its standard input closes (the build
// is over) or, given ANSWERS (one per language of the build), once it has answered them all: it is not kept
// beside the last language's build for nothing. A request after that is refused, and its build runs
// purge-css.mjs on its own.
import { createServer } from "node:net";

let styleRules = null;
const args = process.argv.slice(2);
const fd = args[0] === "--fd" ? Number(args[1]) : null;
const answers = fd !== null && args[2] ? Number(args[2]) : Infinity;
let answered = 0;

const server = createServer({ allowHalfOpen: true }, (connection) => {
  const parts = [];
  connection.on("data", (part) => parts.push(part));
  connection.on("end", async () => {
    let answer;
    try {
      styleRules ??= (await import("./purge-css.mjs")).styleRules;
      answer = await styleRules(JSON.parse(Buffer.concat(parts).toString("utf8")));
    } catch (error) {
      answer = { error: String(error?.stack ?? error) };
    }
    connection.end(JSON.stringify(answer));
    answer = null;
    answered += 1;
    if (answered >= answers) server.close(() => process.exit(0)); // once every connection has ended
    // Another language will ask: its garbage collected now (given --expose-gc: style_rules.py NODE_FLAGS), so as
    // not to wait for the next request beside the builds at the size this one left it.
    else setImmediate(() => globalThis.gc?.());
  });
});
server.listen(fd !== null ? { fd } : args[0]);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
