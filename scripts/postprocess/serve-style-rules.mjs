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
//
// A connection may instead name a language's pages as MkDocs writes them (style_rules.py PagesAhead), one JSON
// value a line: first {"ahead": {siteDir, stylesheet, site, pagesCache, codeKey}}, then each page's path in
// siteDir. Their rules are worked out meanwhile (purge-css.mjs PagesAhead), and the language's request uses them
// (its siteDir names them). Such a connection gets no answer and is not counted among ANSWERS.
import { createServer } from "node:net";

let loaded = null;
const load = async () => (loaded ??= await import("./purge-css.mjs"));
const args = process.argv.slice(2);
const fd = args[0] === "--fd" ? Number(args[1]) : null;
const answers = fd !== null && args[2] ? Number(args[2]) : Infinity;
let answered = 0;
const AHEAD = '{"ahead":';
const ahead = new Map(); // siteDir → the PagesAhead its pages were named to

// One line of a connection naming pages ahead, after those before it; what names them next (null: nothing).
async function aheadLine(current, line) {
  try {
    const value = JSON.parse(line);
    if (current !== null) {
      current.add(String(value));
      return current;
    }
    const made = new (await load()).PagesAhead(value.ahead);
    ahead.get(made.siteDir)?.end();
    ahead.set(made.siteDir, made);
    return made;
  } catch {
    return current; // a line it cannot read: that page is worked out with the request
  }
}

const server = createServer({ allowHalfOpen: true }, (connection) => {
  connection.setEncoding("utf8");
  let text = "";
  let lines = null; // on a connection naming pages ahead: the lines read so far, one after the other
  connection.on("data", (part) => {
    text += part;
    if (lines === null && text.length >= AHEAD.length && text.startsWith(AHEAD)) lines = Promise.resolve(null);
    if (lines === null) return;
    const complete = text.split("\n");
    text = complete.pop();
    for (const line of complete) if (line) lines = lines.then((current) => aheadLine(current, line));
  });
  connection.on("end", async () => {
    if (lines !== null) {
      lines.then((current) => current?.end());
      connection.end();
      return;
    }
    let answer;
    try {
      const request = JSON.parse(text);
      const early = ahead.get(request.siteDir);
      ahead.delete(request.siteDir);
      answer = await (await load()).styleRules(request, { ahead: early?.end() });
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
