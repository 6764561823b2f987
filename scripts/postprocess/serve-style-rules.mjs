// The style rules of every language of a build (purge-css.mjs's styleRules) from one Node.js process, over a
// Unix socket; scripts/postprocess/style_rules.py starts it around the language builds:
//
//   node scripts/postprocess/serve-style-rules.mjs SOCKET
//
// One request per connection: the request's JSON ({siteDir, stylesheet, siteCss, scripts, pages, ...}, as
// purge-css.mjs --request reads it) until the client stops writing, then the answer's JSON (or
// {"error": ...}) back. Node.js starts and loads PurgeCSS once, not once per language, and the later
// languages run on code already compiled (a language's second run took a third of the first's time).
// PurgeCSS and the rest are loaded on the first request: a build whose languages are all in the cache
// (scripts/postprocess/style_cache.py) never asks, and the process stays at Node.js's own size. It ends
// when its standard input closes (the build is over).
import { createServer } from "node:net";

let styleRules = null;

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
  });
});
server.listen(process.argv[2]);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
