// Material's stylesheet without the rules this site never uses (PurgeCSS, pinned in package-lock.json).
//
//   node scripts/purge-css.mjs SITE_DIR STYLESHEET SITE_CSS [SCRIPT...]  → the purged STYLESHEET on stdout
//
// Judged against every built page of SITE_DIR and Material's JavaScript (SCRIPT: the classes its bundle adds
// at run time are words in it), with a safelist for names the bundle builds from parts. SITE_CSS (the
// site's own stylesheet) is read too, so that Material's variables it uses are kept; it is not changed.
import { PurgeCSS } from "purgecss";

const [siteDir, stylesheet, siteCss, ...scripts] = process.argv.slice(2);
const results = await new PurgeCSS().purge({
  content: [`${siteDir}/**/*.html`, ...scripts],
  css: [stylesheet, siteCss],
  variables: true,
  keyframes: true,
  fontFace: true,
  safelist: {
    standard: [/^md-nav__link--active$/, /^md-search-result/, /^md-tooltip/, /^focus-visible$/, /^md-typeset$/],
    greedy: [/data-md-/],
  },
});
const purged = results.find((result) => result.file === stylesheet);
if (!purged) {
  console.error(`purge-css: ${stylesheet} was not processed`);
  process.exit(1);
}
process.stdout.write(purged.css);
