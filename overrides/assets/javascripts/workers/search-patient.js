/*
 * Search the way patients type: loaded by search-on-demand.js on the first query, in the same scope as
 * Material's worker (after its SETUP, so lunr and the language's stemmer are loaded).
 *
 * Why one scope: the offline copy runs the worker in an iframe (overrides/assets/javascripts/iframe-worker.js),
 * where no worker can start another; importScripts works in both. The relay registers its message listener
 * before Material's, so it sees the page's messages first and stops them (stopImmediatePropagation); it
 * dispatches its own (SETUP with the whole index, QUERY rewritten here) to Material's listener; Material
 * answers with a bare postMessage(), which the relay wraps: each RESULT is rewritten here (rewriteResult)
 * before it reaches the page, in the order the queries went (Material answers them in order).
 *
 * Material's index keeps the words as written, and Material adds a trailing wildcard to every query term,
 * which bypasses lunr's stemmer. So instead of changing the index, each typed word becomes a "concept":
 * the words of the site (the vocabulary, read once from the documents) that are the same word without
 * accents (fold: diacritics, Arabic tashkeel, alef forms, ى and ة as typed, a letter held down, a final hamza,
 * Arabic-Indic digits), another form of it (same stem, with the
 * language's own lunr stemmer, on folded words; or of the same Snowball stem: the build's "word_families"; the
 * forms of one word among them, with a prefix or another short ending, count as the word: variantIndex), the word
 * being typed (the last word, as a prefix), or an
 * everyday word of the editors' list (glossary/search-words.<lang>.yml, compiled by scripts/rules/search_words.py
 * into the index's config as "everyday_words"). A typed word is an entry's word by
 * its stem where the two also begin alike, an article both have aside (Arabic's stemmer gives unrelated words
 * one root pattern), or by its letters without the entry's article (plan). Material's worker is asked for all
 * those site words; its results and <mark>s are on the words as written.
 *
 * A question ("how long does the swelling last") is mostly small words found on every page. The language's
 * stop words (scripts/wordlists/search-stopwords.<lang>.txt, in the index's config as "stop_words") are left
 * out of the match, unless the query has no other word; they still count in phrases, and a heading that has most
 * of the query's word pairs is added when Material's index cannot find it (headingsAnswering). Each page's results are
 * then ranked by how many concepts its title (2), its headings (1.5) or its text (1) answer (half for a word
 * of the same stem only), each concept weighted by how few of the site's pages it is found on (BM25's IDF: a
 * word on every page counts next to nothing, so a page does not win on the words every page has), plus the
 * typed word pairs the page has as typed (phrases: two words of the query in a row in its text, or with
 * a stop word in a title or heading; each by the rarity of its own words), Material's order breaking
 * ties. An everyday word may name the titles or headings that answer it (the entry's `headings`: "sun" →
 * "after your session"): a page with one answers the word there, 1.5 times that place, the word weighted by how
 * few pages have such a heading, so the page that deals with the question beats one that mentions its word
 * (preferredPlace); such a page is added when Material did not find it. The site's subject (the home page's
 * title) counts next to nothing, and a typed word few titles have counts more in those titles (titleRarity).
 * Each item's `terms` (the "Missing:" line and the ?h= highlight of the page opened) name the words found.
 */
"use strict";

self.PatientSearch = (function () {
  const TAG_RE = /<[^>]*>|&[#\w]+;/g;
  const EDGE_RE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  const LUNR_SYNTAX_RE = /[*+~^:"\\]/g;
  const MARK_RE = /<mark>(.*?)<\/mark>/g;
  const QUESTION_MARK_RE = /[?؟]/u;  // a title that asks a question (Latin and Arabic question marks)
  const PREFIX_MIN = 3;        // letters typed before the last word is completed from the vocabulary
  const PREFIX_MAX = 12;       // site words it may stand for (the most frequent)
  const SHORTER_MIN = 4;       // letters a word keeps when its ending is dropped
  const PHRASE_WEIGHT = 0.5;   // a typed word pair found as typed, times where (title 2 … text 1) and the rarest word's weight
  const TYPO_MIN = 5;         // letters a word typed must have to be read as a site word one typing slip away
  const SUBSTITUTION_MIN = 6;  // letters, for a slip of a letter other inside a word: in five, one makes another word
  const VARIANT_PREFIX = 3;   // letters before a word that can make it another form of one word (Arabic's وبال)
  const VARIANT_ENDING = 2;   // letters of an ending that can differ between two forms of one word (ة, ات)
  const VARIANT_CORE = 3;     // letters the two forms must share
  const LONG_TEXT = 4;         // times the average text: a word in a longer one (a glossary on one page) counts less
  const QUESTION_PAIR = 0.5;   // a pair of small words only ("how long") counts by this much of the query's rarest word
  const TITLE_RARITY = 0.25;   // a quarter of the way from a word's rarity over the pages to that over the titles
  const REFERENCE_NUMBERS = 3; // numbers written without a space between: a reference ("2021;32(6):2168-71", a DOI)
  const AGE_BESIDE = 0.5;      // of the weight of the query's word that describes: a number typed beside it weighs so much at most
  const OTHER_NAME = 0.6;      // an everyday word naming the site's subject counts this much of its rarity
  const PREFERRED = 1.5;       // a heading an everyday word names counts this many times its place (title 2, heading 1.5)

  function fold(word) {
    return word.toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")   // Latin diacritics, tashkeel, tatweel
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")           // آ أ إ ٱ → ا
      .replace(/\u0649/g, "\u064a").replace(/\u0629/g, "\u0647")   // ى → ي, ة → ه (as often typed)
      .replace(/([\u0621-\u064a])\1{2,}/g, "$1")                  // a letter held down ("كتييير"): one
      .replace(/(...)\u0621$/, "$1")                               // a final hamza dropped, as often typed ("دوا")
      // Arabic-Indic and Persian digits, as an Arabic keyboard types them, are the pages' digits ("٤٨": "48")
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf))
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[’‘`]/g, "'");
  }

  function clean(word) {
    return word.toLowerCase().replace(LUNR_SYNTAX_RE, "").replace(EDGE_RE, "");
  }

  function makeStemmer(lunr, lang) {
    const fn = lang === "en" ? lunr.stemmer : lunr[lang] && lunr[lang].stemmer;
    if (typeof fn !== "function") {
      return (word) => word;
    }
    return (word) => {
      try {
        return String(fn(new lunr.Token(word, {})) || word) || word;
      } catch (error) {
        return word;
      }
    };
  }

  function add(map, key, value) {
    if (!key) return;
    let set = map.get(key);
    if (!set) map.set(key, set = new Set());
    set.add(value);
  }

  function wordsOf(text, separator) {
    return String(text || "").replace(TAG_RE, " ").split(separator).map(clean).filter(Boolean);
  }

  // The numbers the pages write as numbers of their own (folded): not one written only inside a reference, a run
  // of REFERENCE_NUMBERS numbers or more without a space ("2021;32(6):2168-71", a DOI, a date), where "71" is a
  // page's number that no reader types: "i am 71" is an age (numberEntry) though a source cites pages "2168-71".
  // A range of two ("24-48") is the pages' own.
  function ownNumbers(docs, separator) {
    const found = new Set();
    for (const doc of docs) {
      for (const text of [doc.title, doc.text]) {
        for (const [run] of String(text || "").replace(TAG_RE, " ").matchAll(/\S*\p{Nd}\S*/gu)) {
          if (run.match(/\p{Nd}+/gu).length >= REFERENCE_NUMBERS) continue;
          for (const word of run.split(separator)) {
            const f = fold(clean(word));
            if (/^\p{Nd}+$/u.test(f)) found.add(f);
          }
        }
      }
    }
    return found;
  }

  function prepare(lunr, config, docs) {
    const separator = new RegExp(config.separator || "[\\s\\-]+", "u");
    const stem = makeStemmer(lunr, (config.lang || ["en"])[0]);
    const count = new Map();
    for (const doc of docs) {
      for (const word of [...wordsOf(doc.title, separator), ...wordsOf(doc.text, separator)]) {
        count.set(word, (count.get(word) || 0) + 1);
      }
    }
    const byFold = new Map();
    const byStem = new Map();
    for (const word of count.keys()) {
      // "l’anesthésie", "d’un": the word after an elision apostrophe is a word of its own
      for (const part of new Set([fold(word), fold(word).split("'").pop()])) {
        add(byFold, part, word);
        add(byStem, stem(part), word);
      }
    }
    const folded = [...byFold.keys()].sort();
    // An entry's third part, when it has one: the titles or headings that answer it (preferredPlace).
    const everyday = (config.everyday_words || []).map(([phrase, words, headings]) => ({
      phrase: phrase.split(" ").map((w) => stem(fold(w))), typed: phrase.split(" ").map(fold), words,
      headings: (headings || []).map((h) => wordsOf(h, separator).map(fold)) }));
    // Each document's title and text as folded words, in order (phrases) and once each (the ranking).
    const sequence = (text) => wordsOf(text, separator).map(fold);
    const byLocation = new Map(docs.map((doc) => {
      const titleWords = sequence(doc.title), textWords = sequence(doc.text);
      return [doc.location, { heading: doc.location.includes("#"), glossary: Boolean(doc.glossary),
        titleWeight: titleWeight(doc), titleWords, textWords,
        title: [...new Set(titleWords)], text: [...new Set(textWords)] }];
    }));
    // Each page's words (all its sections), for how many pages a concept is found on.
    const byPage = new Map();
    for (const [location, doc] of byLocation) {
      const page = location.split("#")[0];
      if (!byPage.has(page)) byPage.set(page, new Set());
      for (const word of [...doc.title, ...doc.text]) byPage.get(page).add(word);
    }
    const pages = [...byPage.values()].map((words) => [...words]);
    // A text far longer than most (everything in one place) counts less for a word it has, by the square root.
    const averageLength = Math.max(1, [...byLocation.values()].reduce((sum, doc) => sum + doc.textWords.length, 0)
      / Math.max(1, byLocation.size));
    for (const doc of byLocation.values()) {
      const relative = doc.textWords.length / averageLength;
      doc.textWeight = relative <= LONG_TEXT ? 1 : Math.sqrt(LONG_TEXT / relative);
    }
    // A line of words ("how long") is a question phrase: its words say nothing where they come together.
    // A line ending in a hyphen ("ح-") is a small word written joined to the next: a clitic of the everyday
    // language that no page has, so no family shows it (unprefixed, withoutPrefix).
    const isClitic = (w) => !w.includes(" ") && w.endsWith("-");
    const stopWords = new Set((config.stop_words || []).filter((w) => !w.includes(" ") && !isClitic(w)).map(fold));
    const stopPhrases = (config.stop_words || []).filter((w) => w.includes(" "))
      .map((phrase) => wordsOf(phrase, separator).map(fold));
    const byFamily = familyIndex(config.word_families);
    const { byVariant, prefixes } = variantIndex(config.word_families, [...byStem.values()].map((set) => [...set]));
    // The letters a typed word no page has may begin with: the families' prefixes (VARIANT_CORE letters must be
    // left) and the stop words' clitics (SHORTER_MIN letters: a clitic is a single letter, which begins many words)
    const clitics = (config.stop_words || []).filter(isClitic).map((w) => fold(w.slice(0, -1))).filter(Boolean);
    const strippable = [...prefixes.map((prefix) => ({ prefix, keep: VARIANT_CORE })),
      ...clitics.filter((c) => !prefixes.includes(c)).map((prefix) => ({ prefix, keep: SHORTER_MIN }))]
      .sort((x, y) => y.prefix.length - x.prefix.length);
    const docsByLocation = new Map(docs.map((doc) => [doc.location, doc]));
    // Each page's title and headings (not a glossary term's), for the headings an everyday word prefers.
    const headingsByPage = new Map();
    for (const [location, doc] of byLocation) {
      if (doc.glossary) continue;
      const page = location.split("#")[0];
      if (!headingsByPage.has(page)) headingsByPage.set(page, []);
      headingsByPage.get(page).push({ location, words: doc.title, weight: doc.titleWeight });
    }
    // The home page's title is the site's subject (the treatment's name): every page is about it, whether or not it
    // writes its words, so they say nothing of which page answers (rarity).
    const home = byLocation.get("") || byLocation.get("index.html");
    const subject = home ? home.title : [];
    const subjectWords = home ? home.titleWords : [];
    // Each page's own title (not a section's, not a glossary term's), for how few titles have a word (titleRarity).
    const titles = [...byLocation].filter(([location, doc]) => !location.includes("#") && !doc.glossary)
      .map(([, doc]) => doc.title);
    // the entry a number typed alone is read by ("#": an age), if the language has one (numberEntry)
    const ageEntry = everyday.find((e) => e.typed.length === 1 && e.typed[0] === "#");
    return { separator, stem, count, byFold, numbers: ownNumbers(docs, separator), ageEntry, byStem, byFamily, folded, everyday, byLocation, pages, stopWords,
             stopPhrases, docsByLocation, byVariant, prefixes, strippable, headingsByPage, subject, subjectWords,
             titles };
  }

  // Word families (scripts/rules/search_words.py, "word_families" in the index's config): the site's words that
  // share a Snowball stem, grouped at build time, so that an adjective finds its noun ("gonflé" →
  // "gonflement"). Folded word → the words of its families, as written.
  function familyIndex(families) {
    const map = new Map();
    for (const family of families || []) {
      for (const word of family) {
        for (const key of new Set([fold(word), fold(word).split("'").pop()])) {
          for (const member of family) add(map, key, member);
        }
      }
    }
    return map;
  }

  // Within a word family, the forms that are one word: the same letters with a few before them (Arabic's
  // و ب ل ف ك ال and their combinations: "والحقن", "بالحقن", "الحقن") and a short ending that differs ("كدمة",
  // "كدمات"; "hinchado", "hinchada"). Snowball's stemmer (the build's families) says which words share a stem;
  // only their letters are compared here, so no language's prefixes are written anywhere (but the clitics of the
  // stop-word list, which no page shows: prepare, "strippable"). Such a form answers a
  // typed word fully; the rest of its family ("gonflé", "gonflement") still counts half. The letters found
  // before a word of its family ("و", "بال") are the prefixes a typed word that no page has is read without.
  // lunr's stem groups (the worker's stemmer) add the pairs Snowball's light stemmer keeps apart ("كدمة" and
  // "كدمات": كدم, كدما); only Snowball's families say which letters are prefixes.
  function variantIndex(families, stemGroups) {
    const byVariant = new Map();
    const seen = new Map();
    const snowball = new Set(families || []);
    const groups = [...(families || []), ...stemGroups].map((group) => ({ group,
      folded: group.map((word) => fold(word).split("'").pop()) }));
    const pairs = function* () {
      for (const { group, folded } of groups) {
        for (let a = 0; a < group.length; a++) {
          for (let b = a + 1; b < group.length; b++) yield [group, folded, a, b];
        }
      }
    };
    // letters before one of the two: "والحقن" and "الحقن", "يتورم" and "تورم"
    for (const [group, folded, a, b] of pairs()) {
      const strip = variantStrip(folded[a], folded[b], null);
      if (!strip) continue;
      add(byVariant, folded[a], group[b]);
      add(byVariant, folded[b], group[a]);
      if (!snowball.has(group)) continue;
      const [before, after] = strip;
      if (before && !after) seen.set(before, (seen.get(before) || 0) + 1);
      if (after && !before) seen.set(after, (seen.get(after) || 0) + 1);
    }
    // a prefix found in one pair only may be part of a word; two pairs make it a prefix of the language
    const prefixes = [...seen].filter(([, n]) => n >= 2).map(([p]) => p).sort((x, y) => y.length - x.length);
    // letters before both, when both are prefixes of the language: "بالحقن" and "الحقن" are one word,
    // "الحمل" (pregnancy) and "يحمل" (carries) two
    const known = new Set(prefixes);
    for (const [group, folded, a, b] of pairs()) {
      if (!variantStrip(folded[a], folded[b], known)) continue;
      add(byVariant, folded[a], group[b]);
      add(byVariant, folded[b], group[a]);
    }
    return { byVariant, prefixes };
  }

  // The letters before each of two folded words when they are one word (up to VARIANT_PREFIX letters before
  // one of them, or before both when both are `prefixes` of the language; up to VARIANT_ENDING letters after a
  // shared part of at least VARIANT_CORE letters), or null.
  function variantStrip(x, y, prefixes) {
    for (let i = 0; i <= VARIANT_PREFIX; i++) {
      for (let j = 0; j <= VARIANT_PREFIX; j++) {
        if (i && j && !(prefixes && prefixes.has(x.slice(0, i)) && prefixes.has(y.slice(0, j)))) continue;
        const u = x.slice(i), v = y.slice(j);
        let shared = 0;
        while (shared < u.length && shared < v.length && u[shared] === v[shared]) shared++;
        if (shared >= VARIANT_CORE && u.length - shared <= VARIANT_ENDING && v.length - shared <= VARIANT_ENDING) {
          return [x.slice(0, i), y.slice(0, j)];
        }
      }
    }
    return null;
  }

  // Whether two folded words are one typing slip apart: a letter more, less or other, or two letters swapped.
  // A letter other inside a shorter word than SUBSTITUTION_MIN makes as often another word the patient meant
  // ("males", "moles"); the last letter is another ending ("pausa", "pause").
  function oneSlip(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return ((a.length >= SUBSTITUTION_MIN || i === a.length - 1) && a.slice(i + 1) === b.slice(i + 1))
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The site's words (as written) a typed word no page has may be, one slip away; none for a short word,
  // where one letter makes another word ("pain", "paint").
  // A site word written only with a prefix ("الكولاجين") is compared without it too ("كولاجن").
  function slips(state, folded) {
    if (folded.length < TYPO_MIN || state.byFold.has(folded)) return [];
    const near = (w) => w.length >= TYPO_MIN && oneSlip(folded, w);
    return state.folded.filter((w) => near(w) || state.prefixes.some((p) => w.startsWith(p) && near(w.slice(p.length))))
      .flatMap((w) => [...state.byFold.get(w)]);
  }

  // A one-word everyday entry a typed word no page has is one slip from ("asprin": "aspirin").
  function misspeltEntry(state, word) {
    const f = fold(word);
    if (f.length < TYPO_MIN || state.byFold.has(f)) return undefined;
    // a letter more at the end is another ending, which the stemmer judges, not a slip ("السنة", the year, is
    // not "السن", age)
    const near = state.everyday.filter((e) => e.typed.length === 1 && oneSlip(f, e.typed[0])
      && !(f.length === e.typed[0].length + 1 && f.startsWith(e.typed[0])));
    // one slip from two entries that say other things: which one was meant cannot be told
    const says = (e) => JSON.stringify(e.words);
    return near.every((e) => says(e) === says(near[0])) ? near[0] : undefined;
  }

  // The everyday entry written "#" (scripts/rules/search_words.py ANY_NUMBER) for a number typed that no page writes
  // (but inside a reference: ownNumbers) and no entry is ("65": an age): without it, such a number finds nothing, and a query of it and small words
  // nothing at all ("i am 65 can i have it").
  function numberEntry(state, word) {
    const f = fold(word);
    if (!/^\p{Nd}+$/u.test(f) || state.numbers.has(f)) return undefined;
    return state.ageEntry;
  }

  // A typed (folded) word without each prefix it begins with, then without a second one ("والكدمات": "الكدمات",
  // "كدمات"), as long as enough letters are left, each also with an ending of one or two letters less
  // ("بيوجعني", "حيوجعني": "يوجع"), as withoutPrefix reads it.
  // A (folded) word as written and without the prefixes it begins with, as long as enough letters are left
  // ("التجاعيد": "تجاعيد"), without other endings.
  function bare(state, folded, shortest = 1, depth = 2) {
    const found = [folded];
    for (const { prefix, keep } of state.strippable) {
      if (prefix.length < shortest || !folded.startsWith(prefix) || folded.length - prefix.length < keep) continue;
      const rest = folded.slice(prefix.length);
      found.push(...(depth > 1 ? bare(state, rest, shortest, depth - 1) : [rest]));
    }
    return found;
  }

  // An everyday entry's word as written and without its article, kept: every query compares every entry's.
  function articleless(state, word) {
    if (!state.articleless) state.articleless = new Map();
    let found = state.articleless.get(word);
    if (!found) state.articleless.set(word, found = bare(state, word, 2));
    return found;
  }

  function unprefixed(state, folded, depth = 2) {
    const found = [];
    for (const { prefix, keep } of state.strippable) {
      if (!folded.startsWith(prefix) || folded.length - prefix.length < keep) continue;
      const rest = folded.slice(prefix.length);
      found.push(rest);
      for (let n = rest.length - 1; n >= Math.max(SHORTER_MIN, rest.length - 2); n--) found.push(rest.slice(0, n));
      if (depth > 1) found.push(...unprefixed(state, rest, depth - 1));
    }
    return found;
  }

  // The site's words a typed (folded) word stands for without a prefix of the language ("للجلد" → "الجلد" no:
  // "جلد"), the word then read as typed (its variants, its shorter ending).
  function withoutPrefix(state, folded, depth = 2) {
    const found = new Set();
    for (const { prefix, keep } of state.strippable) {
      if (!folded.startsWith(prefix) || folded.length - prefix.length < keep) continue;
      const rest = folded.slice(prefix.length);
      for (const w of state.byFold.get(rest) || []) found.add(w);
      for (const w of state.byVariant.get(rest) || []) found.add(w);
      // and with a shorter ending, as a word typed without a prefix is: a dialect's present with its plural
      // ending ("بيحقنو", "بيحقنوا": "يحقن")
      for (let n = rest.length - 1; n >= Math.max(SHORTER_MIN, rest.length - 2); n--) {
        for (const w of state.byFold.get(rest.slice(0, n)) || []) found.add(w);
      }
      // two prefixes together ("و" then "ال": "والكدمات")
      if (!state.byFold.has(rest) && depth > 1) for (const w of withoutPrefix(state, rest, depth - 1)) found.add(w);
    }
    return found;
  }

  // The family of a typed (folded) word; a word the site does not have reaches the families of the site
  // words of its lunr stem.
  function family(state, folded) {
    const found = new Set(state.byFamily.get(folded) || []);
    if (!found.size) {
      for (const w of state.byStem.get(state.stem(folded)) || []) {
        for (const member of state.byFamily.get(fold(w)) || []) found.add(member);
      }
    }
    return found;
  }

  // How much a word in an entry's title counts: a page's title 2, a heading's 1.5; a glossary term's
  // (scripts/postprocess/pages.py marks its entries "glossary") 1, as text: it explains a word, it is not what a
  // page is about, so the pages that talk about the word come first.
  function titleWeight(doc) {
    if (doc.glossary) return 1;
    return doc.location.includes("#") ? 1.5 : 2;
  }

  function completions(state, prefix) {
    const found = [];
    let lo = 0, hi = state.folded.length;
    while (lo < hi) {  // first folded word >= prefix
      const mid = (lo + hi) >> 1;
      if (state.folded[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < state.folded.length && state.folded[i].startsWith(prefix); i++) {
      found.push(...state.byFold.get(state.folded[i]));
    }
    return found.sort((a, b) => state.count.get(b) - state.count.get(a)).slice(0, PREFIX_MAX);
  }

  function concept(state, typed, targets, isLast) {
    // strong: the word as typed, without accents, a shorter ending, an everyday word's targets;
    // weak: another word of the same stem, or a completion of the word being typed. The words of an
    // everyday phrase answer it together (a phrase), one alone only weakly ("follow-up" of "follow-up sessions").
    const strong = new Set();
    const weak = new Set();
    const forms = typed.length > 1 ? weak : strong;
    // Another form of a typed word is never one of the language's small words: Spanish "laser" one letter
    // shorter (or by lunr's stem) is the article "las", which most titles have. Nor is it a word of one or two
    // letters, a small word of some language: French "ans" (years), which no page writes, is by its stem "an",
    // the article of an English title a page cites.
    const other = (set) => (w) => {
      const f = fold(w);
      if (!state.stopWords.has(f) && f.length >= PREFIX_MIN) set.add(w);
    };
    const otherForm = other(forms), otherWeak = other(weak);
    for (const word of typed) {
      const f = fold(word);
      forms.add(word);
      for (const w of state.byFold.get(f) || []) forms.add(w);
      // a plural or feminine ending the stemmer keeps ("bleus" → "bleu"): the word one or two letters shorter
      for (let n = f.length - 1; n >= Math.max(SHORTER_MIN, f.length - 2); n--) {
        for (const w of state.byFold.get(f.slice(0, n)) || []) otherForm(w);
      }
      for (const w of state.byVariant.get(f) || []) otherForm(w);
      if (!state.byFold.has(f)) for (const w of withoutPrefix(state, f)) otherForm(w);
      for (const w of state.byStem.get(state.stem(f)) || []) otherWeak(w);
      for (const w of family(state, f)) otherWeak(w);
      if (isLast && f.length >= PREFIX_MIN) for (const w of completions(state, f)) otherWeak(w);
      // nothing of the site: a typing slip ("pregnent", "bruse") is the site word one letter away
      if (!targets.length && typed.length === 1 && strong.size === 1 && !weak.size) {
        for (const w of slips(state, f)) strong.add(w);
      }
    }
    // A phrase of the pages ("dando el pecho") answers only where all its words are: "el" alone does not.
    const phrases = typed.length > 1 ? [typed.map(fold)] : [];
    for (const phrase of targets) {
      if (phrase.length === 1) strong.add(phrase[0]); else phrases.push(phrase.map(fold));
    }
    const alternatives = new Set([...strong, ...weak, ...phrases.flat()]);
    // Material's index has the words as written: a phrase's words are folded ("antecedents"), so the site's
    // spellings of them are asked for too ("antécédents", "جلسة")
    for (const word of phrases.flat()) for (const w of state.byFold.get(word) || []) alternatives.add(w);
    return { label: typed.join(" "), alternatives: [...alternatives], phrases,
             folds: [...strong].map(fold), weakFolds: [...weak].map(fold) };
  }

  // A stop word, or a word of stop words joined by an elision ("qu'est"), says nothing a page could answer;
  // nor do the words of a question phrase ("how long") typed together.
  function stopsOf(state, typed) {
    const folds = typed.map(fold);
    const stops = folds.map((f) => f.split("'").every((part) => !part || state.stopWords.has(part))
      || prefixedStop(state, f));
    for (const phrase of state.stopPhrases) {
      for (let i = 0; i + phrase.length <= folds.length; i++) {
        if (phrase.every((p, k) => folds[i + k] === p)) phrase.forEach((_, k) => { stops[i + k] = true; });
      }
    }
    return stops;
  }

  // A stop word written joined to a prefix of the language ("بإيه", "وانا", "فهل"), when the site has no such word
  // and no everyday entry is written so ("بكم", what it costs).
  function prefixedStop(state, folded) {
    if (state.byFold.has(folded) || state.everyday.some((e) => e.typed.length === 1 && e.typed[0] === folded)) {
      return false;
    }
    return state.strippable.some(({ prefix }) => folded.startsWith(prefix)
      && folded.length - prefix.length >= 2 && state.stopWords.has(folded.slice(prefix.length)));
  }

  // Whether two folded words begin with the same VARIANT_CORE letters after a prefix of two letters or more that
  // both have (an article says nothing: "السنة", the year, and "السن", age); a word shorter than that only as the
  // same word.
  function beginAlike(state, a, b) {
    const both = state.strippable.find(({ prefix, keep }) => keep === VARIANT_CORE && prefix.length > 1
      && a.startsWith(prefix) && b.startsWith(prefix));
    const x = both ? a.slice(both.prefix.length) : a, y = both ? b.slice(both.prefix.length) : b;
    if (Math.min(x.length, y.length) < VARIANT_CORE) return x === y;
    return x.slice(0, VARIANT_CORE) === y.slice(0, VARIANT_CORE);
  }

  // A word after an elided small word ("l'herpes", "dell'aspirina") is the word: the everyday words, its stem
  // and its family are looked up without the article, as the index's words are (prepare). A word of small
  // words only ("qu'est") stays as typed, a stop word.
  function elided(state, word) {
    const parts = fold(word).split("'");
    const tail = word.split(/['’]/).pop();
    // a tail of one or two letters is an English contraction ("can't", "you're"), not a word after an article
    if (parts.length < 2 || tail.length < 3 || parts.slice(0, -1).some((part) => !state.stopWords.has(part))) return word;
    return state.stopWords.has(parts[parts.length - 1]) ? word : tail;
  }

  // The query as typed → concepts (stop words apart), and the query Material's worker is given.
  function plan(state, query) {
    const typed = wordsOf(query, state.separator).map((w) => elided(state, w));
    // each typed word's stem, and those of the word without the language's prefixes ("بالفيلر": "فيلر"), so that
    // an everyday word is found with a prefix typed before it
    const forms = typed.map((w) => [fold(w), ...unprefixed(state, fold(w))]);
    const stems = typed.map((w, i) => new Set(forms[i].map((f) => state.stem(f))));
    // an entry's word by its stem only where, prefixes aside, they also begin alike: Arabic's stemmer reduces a
    // word to its root's pattern ("الطبيعية", natural, and "للطباعة", to print, are both "طباع")
    const sameWord = (i, s, word) => {
      // the entry's word without its article; a clitic it is written with is part of what it says ("كيضرني")
      const own = articleless(state, word);
      // one letter before either may differ: a verb's person ("قول", "اقول"), not a prefix or clitic of the
      // language ("بشحال", for how much, is not "شحال"; "كيضر", it hurts, is not "يضر", it harms)
      const person = (x) => !state.strippable.some(({ prefix }) => prefix === x[0]);
      return forms[i].some((f) => state.stem(f) === s && own.some((w) => beginAlike(state, f, w)
        || (person(f) && beginAlike(state, f.slice(1), w)) || (person(w) && beginAlike(state, f, w.slice(1)))));
    };
    // or by its letters, prefixes aside, where the stemmer reads the two apart ("تجاعيد": "جاعيد", and
    // "التجاعيد": "تجاعيد"); of the entry's word, an article only: a letter before it says something ("بكام",
    // what it costs, and "كام", how many)
    const bareTyped = typed.map((w) => bare(state, fold(w)));
    const sameLetters = (i, word) => articleless(state, word).some((w) => bareTyped[i].includes(w));
    // a word typed as an entry is written is that entry's, not a longer entry's read without a prefix ("بكام",
    // what it costs, is not "كام" of "كام جلسة", how many sessions)
    const ownEntry = typed.map((w) => fold(w)).map((f) => state.everyday.some((e) => e.typed.length === 1 && e.typed[0] === f));
    const takes = (e, i) => e.phrase.length === 1 || e.phrase.every((s, k) => !ownEntry[i + k] || whole[i + k] === s);
    const whole = typed.map((w) => state.stem(fold(w)));
    // of two entries as long, the one the words as typed are ("فوائد", benefits) before one they are only
    // without a prefix ("ف" + "وائد": "ايد", a word of another meaning)
    const asTyped = (e, i) => e.phrase.every((s, k) => whole[i + k] === s);
    // and before both, the one written as typed (prefixes aside: "للكلف") over one that begins otherwise: the
    // stemmer reads them alike, a letter before one makes them two words ("كلف", brown patches, and "تكلفة", cost)
    const written = (e, i) => e.typed.every((t, k) => sameLetters(i + k, t));
    const alike = (e, i) => e.typed.every((t, k) => beginAlike(state, fold(typed[i + k]), t));
    // and before all, the one written exactly as typed ("marito", husband) over one the stemmer only reads alike
    // ("mare", sea: Italian's stemmer takes "-ito" off the one and "-e" off the other)
    const exact = (e, i) => e.typed.every((t, k) => fold(typed[i + k]) === t);
    const better = (e, best, i) => {
      if (exact(e, i) !== exact(best, i)) return exact(e, i);
      if (written(e, i) && !alike(best, i)) return true;
      if (written(best, i) && !alike(e, i)) return false;
      return asTyped(e, i) && !asTyped(best, i);
    };
    const stops = stopsOf(state, typed);
    // A number typed where an entry has "#" ("im #", "tengo #": an age), followed by small words only ("im 30 can i
    // have it", not "i have 2 bruises"), whatever the pages write: they may write the number for something else
    // ("30 minutes").
    const anyNumber = (j) => /^\p{Nd}+$/u.test(fold(typed[j])) && stops.slice(j + 1).every(Boolean);
    const concepts = [];
    for (let i = 0; i < typed.length;) {
      // the longest entry typed here ("boutons de fièvre" before "boutons"); a small word typed is an entry's
      // word only as written, not by its stem (Spanish "las" is the stem of "láseres")
      const entry = state.everyday.filter((e) => e.phrase.every((s, k) => stems[i + k]
        && (e.typed.length > 1 && e.typed[k] === "#" ? anyNumber(i + k)
          : ((stems[i + k].has(s) && sameWord(i + k, s, e.typed[k])) || sameLetters(i + k, e.typed[k]))
          && (!stops[i + k] || fold(typed[i + k]) === e.typed[k])))
        && takes(e, i))
        .reduce((best, e) => (!best || e.phrase.length > best.phrase.length
          || (e.phrase.length === best.phrase.length && better(e, best, i)) ? e : best), undefined)
        || misspeltEntry(state, typed[i]) || numberEntry(state, typed[i]);
      if (entry) {
        const n = entry.phrase.length;
        const c = concept(state, typed.slice(i, i + n), entry.words.map((p) => wordsOf(p, state.separator)),
          i + n === typed.length);
        c.headings = entry.headings;
        c.says = JSON.stringify([entry.words, entry.headings]);
        concepts.push(c);
        i += n;
      } else {
        const c = concept(state, [typed[i]], [], i + 1 === typed.length);
        c.stop = stops[i];
        concepts.push(c);
        i += 1;
      }
    }
    // Only stop words ("what is it"): searched as typed.
    const matched = concepts.some((c) => !c.stop) ? concepts.filter((c) => !c.stop) : concepts;
    const words = new Set(matched.flatMap((c) => c.alternatives));
    const folds = typed.map(fold);
    const pairs = [];
    for (let i = 0; i + 1 < folds.length; i++) {
      // Two stop words ("should not") count in a title or heading only: every text has such pairs. One stop
      // word ("how many sessions") counts half in a text: there it is as likely the question (a list of
      // questions) as its answer.
      const stop = [stops[i], stops[i + 1]];
      pairs.push({ words: [folds[i], folds[i + 1]], stops: stop, inText: stop[0] && stop[1] ? 0 : stop[0] || stop[1] ? 0.5 : 1 });
    }
    // The question word the query begins with, when it is one of the language's small words ("why", "pourquoi"),
    // or else ends with, as a question is typed after what it is about ("wrinkly skin at 35 why")
    const last = typed.length - 1;
    const asks = typed.length < 2 ? undefined : stops[0] ? folds[0] : stops[last] ? folds[last] : undefined;
    return { concepts: matched, pairs, asks, query: [...words].join(" ") };
  }

  // Whether a field's words (in order) have the pair as typed: a stop word as is, another word or its start.
  function hasPair(pair, words) {
    const [a, b] = pair.words;
    const is = (word, typed, stop) => word === typed || (!stop && word.startsWith(typed));
    for (let i = 0; i + 1 < words.length; i++) {
      if (is(words[i], a, pair.stops[0]) && is(words[i + 1], b, pair.stops[1])) return true;
    }
    return false;
  }

  // How well a field's (folded) words answer a concept: 1 (a strong form, or a whole phrase), 0.5 (a weak
  // form), 0.
  function answers(c, folded) {
    if (folded.some((f) => c.folds.some((a) => begins(f, a)))
        || c.phrases.some((phrase) => phrase.every((p) => folded.some((f) => begins(f, p))))) return 1;
    return folded.some((f) => c.weakFolds.some((a) => begins(f, a))) ? 0.5 : 0;
  }

  // A field's word begins with a form (a word is still being typed, or has an ending); a form of one or two
  // letters only as a whole word ("im" is not "improve", "زي" not "زيت").
  function begins(word, form) {
    return form.length < PREFIX_MIN ? word === form : word.startsWith(form);
  }

  function marks(c, word) {
    const f = fold(word);
    return [...c.folds, ...c.weakFolds].some((a) => begins(f, a))
      || c.phrases.some((phrase) => phrase.some((p) => begins(f, p)));
  }

  // For each page's group of results, the best place each concept is found: title 2, heading 1.5, text 1
  // (times how well it answers), or the place of a title or heading the concept's everyday word prefers.
  function places(state, plan, group) {
    return plan.concepts.map((c) => {
      let best = 0;
      for (const item of group) {
        const doc = state.byLocation.get(item.location);
        if (doc) best = Math.max(best, answers(c, doc.title) * doc.titleWeight, answers(c, doc.text) * doc.textWeight);
      }
      const preferred = group.length ? preferredPlace(state, c, group[0].location.split("#")[0]) : undefined;
      return preferred ? Math.max(best, preferred.weight * PREFERRED) : best;
    });
  }

  // The page's title or heading that has every word of one of the headings a concept's everyday word names
  // ("sun": "after your session"), the best placed; undefined if none. Such a page answers the word where it
  // names the subject, and so ranks above a page that has the word in its title or text ("sun" as a cause of
  // ageing skin), even where that page has the query's other words in its title (the treatment's name).
  function preferredPlace(state, c, page) {
    if (!c.headings || !c.headings.length) return undefined;
    let best;
    for (const heading of state.headingsByPage.get(page) || []) {
      if (!c.headings.some((words) => words.every((w) => heading.words.some((f) => f === w)))) continue;
      if (!best || heading.weight > best.weight) best = heading;
    }
    return best;
  }

  // A glossary page's results: each term (an entry marked "glossary") is a result of its own, so its words
  // are not added to those of other terms or of the page (45 definitions together would answer any query).
  // The page is placed by its best part: its own entries together, or one term, which then leads its group
  // (`lead`). A term answers too where its page does by a heading an everyday word names (the glossary's
  // title for "meaning"): "what does collagen mean" is the entry of collagen, not the page's introduction.
  function groupPlaces(state, plan, group) {
    const isTerm = (item) => (state.byLocation.get(item.location) || {}).glossary;
    const terms = group.filter(isTerm);
    if (!terms.length) return { found: places(state, plan, group) };
    const own = group.filter((item) => !isTerm(item));
    const candidates = [{ found: places(state, plan, own) },
      ...terms.map((item) => ({ found: places(state, plan, [item]), lead: item }))];
    const total = ({ found }) => found.reduce((sum, place) => sum + place, 0);
    // of two terms that answer alike, the one with the fewer words is the word asked ("dermis", not "superficial
    // dermis")
    const length = ({ lead }) => (lead ? state.byLocation.get(lead.location).titleWords.length : Infinity);
    return candidates.reduce((best, candidate) => (total(candidate) > total(best)
      || (total(candidate) === total(best) && length(candidate) < length(best)) ? candidate : best));
  }

  // The typed word pairs a page's group of results has as typed, each at its best place.
  // Each pair counts by the rarest of its own words ("la piel": "piel" on every page counts next to nothing),
  // or, a pair of small words only ("should not"), by half the query's rarest word: it says the kind of question
  // ("combien de temps", how long), not of what, and a heading that has it ("how long it takes in all") does not
  // outrank the page whose title has the word the question is about ("how long does a session last").
  // A pair of the site's subject as its home page's title writes it ("de la" of "Cuidado de la piel") is in
  // the title of every page named after the subject: like the subject's words, it says nothing of which page answers.
  function pairWeights(state, plan, weight) {
    const byWord = new Map();
    plan.concepts.forEach((c, k) => {
      for (const word of c.label.split(" ")) byWord.set(fold(word), Math.max(byWord.get(fold(word)) || 0, weight[k]));
    });
    const rarest = Math.max(0, ...weight) * QUESTION_PAIR;
    return plan.pairs.map((pair) => {
      if (hasPair({ words: pair.words, stops: [true, true] }, state.subjectWords)) return 0;
      const own = pair.words.filter((w) => byWord.has(w)).map((w) => byWord.get(w));
      return own.length ? Math.max(...own) : rarest;
    });
  }

  function phrases(state, plan, group, pairWeight) {
    let score = 0;
    for (const [k, pair] of plan.pairs.entries()) {
      let best = 0;
      for (const item of group) {
        const doc = state.byLocation.get(item.location);
        if (!doc) continue;
        if (hasPair(pair, doc.titleWords)) best = Math.max(best, doc.titleWeight);
        else if (pair.inText && hasPair(pair, doc.textWords)) best = Math.max(best, doc.textWeight * pair.inText);
      }
      score += best * pairWeight[k];
    }
    return score;
  }

  // BM25's IDF of a concept over the site's pages: next to nothing for a word every page has. Only the pages
  // that answer it fully count: an everyday phrase's typed words ("sun" of "sun cream") or a word's completions
  // are on every page, and would weigh the concept down to nothing.
  // A word whose everyday entry names the headings that answer it counts by how few pages have those: what
  // it asks is specific ("does it hurt"), though its words are on many pages (pain, as a warning sign).
  // The subject's other names count OTHER_NAME of their rarity (namesSubject).
  function rarity(state, c) {
    const n = state.pages.length;
    if (answers(c, state.subject) >= 1) return Math.log(1 + 0.5 / (n + 0.5));
    const other = namesSubject(state, c) ? OTHER_NAME : 1;
    const preferred = c.headings && c.headings.length
      ? [...state.headingsByPage.keys()].filter((page) => preferredPlace(state, c, page)).length : 0;
    if (preferred) return other * Math.log(1 + (n - preferred + 0.5) / (preferred + 0.5));
    const full = state.pages.filter((words) => answers(c, words) >= 1).length;
    const found = full || state.pages.filter((words) => answers(c, words) > 0).length;
    return Math.log(1 + (n - found + 0.5) / (found + 0.5));
  }

  // Another name of the site's subject: an everyday word whose every heading is the subject's own words (the home
  // page's title); the subject typed as its own words is rarity's first case. Such a name still leads to the pages
  // titled after the subject, but counts less than the query's other words (OTHER_NAME): "what should I ask the
  // doctor before" it asks for the questions, not for the pages on the subject.
  function namesSubject(state, c) {
    return Boolean(c.headings && c.headings.length
      && c.headings.every((words) => words.length && words.every((w) => state.subject.includes(w))));
  }

  // A concept its page answers by a preferred heading is not missing there, though no word of it is marked.
  function terms(state, plan, item) {
    const marked = [];
    for (const field of [item.title, item.text]) {
      for (const match of String(field || "").matchAll(MARK_RE)) marked.push(clean(match[1].replace(TAG_RE, " ").trim().split(" ")[0]));
    }
    const result = {};
    for (const c of plan.concepts) {
      const found = marked.filter((w) => w && marks(c, w));
      if (found.length) for (const w of found) result[w] = true;
      else if (!preferredPlace(state, c, item.location.split("#")[0])) result[c.label] = false;
    }
    return result;
  }

  // Whether a page's title has a word as typed (accents and prefixes aside, or the title's word begins with it).
  function titleHas(state, c, title) {
    if (c.label.includes(" ")) return false;
    const typed = bare(state, fold(c.label));
    return title.some((w) => w.startsWith(typed[0]) || bare(state, w).some((b) => typed.includes(b)));
  }

  // A word typed as a page's title writes it, in few titles ("session": 2 of 13), names what that page is about,
  // though every page writes it: there it counts by how few titles have it (BM25's IDF over the titles), a quarter
  // of the way, so that the page the query names is not outranked by a section that has the word in its heading
  // and the query's question words ("how long does a session take": the session page, not the course of treatment).
  // The site's subject (the home page's title) is every page's.
  function titleRarity(state, c) {
    if (c.stop || c.label.includes(" ") || answers(c, state.subject) >= 1) return 0;
    const found = state.titles.filter((title) => titleHas(state, c, title)).length;
    if (!found) return 0;
    const n = state.titles.length;
    return Math.log(1 + (n - found + 0.5) / (found + 0.5));
  }

  // The page whose title is a question that begins with the small word the query begins with, which no other
  // page's title or heading has ("why": "Why does skin age?", "Why the skin dries out"), asks that question: it
  // counts there as a pair of small words does in a title (by half the query's rarest word), so that "why is my
  // skin wrinkly" finds it though no page writes "wrinkly". A question word of other pages' titles or headings
  // says nothing of which page ("how": "How does it compare?", "How long it takes in all"); nor does a title that
  // asks nothing ("use": "Use this site").
  function asked(state, plan) {
    if (!plan.asks) return undefined;
    const pages = new Set([...state.byLocation].filter(([, doc]) => !doc.glossary && doc.title.includes(plan.asks))
      .map(([location]) => location.split("#")[0]));
    if (pages.size !== 1) return undefined;
    const [page] = pages;
    const own = state.byLocation.get(page), written = state.docsByLocation.get(page);
    return own && own.titleWords[0] === plan.asks && QUESTION_MARK_RE.test(written.title) ? page : undefined;
  }

  // An age typed beside a word that describes ("peau fripée à 40 ans", "wrinkly skin at 35") says when the
  // reader sees it, not whether the treatment is for that age: it weighs at most AGE_BESIDE of the word that
  // describes, so the page that explains that word is not outranked by the one that answers the age. The age is
  // the number entry ("#") and every entry that says the same ("ans", "years"); a word that describes is any
  // other word typed but the small words and the site's subject.
  function besideDescription(state, plan, weight) {
    const number = state.ageEntry;
    if (!number) return weight;
    const age = JSON.stringify([number.words, number.headings]);
    const describes = plan.concepts.map((c, k) => (c.stop || c.says === age || answers(c, state.subject) >= 1 ? 0 : weight[k]));
    const most = Math.max(0, ...describes) * AGE_BESIDE;
    if (!most) return weight;
    return weight.map((w, k) => (plan.concepts[k].says === age ? Math.min(w, most) : w));
  }

  // Each page's group of results with its score: what it answers, where, how rare each word is (in the page's
  // title, a quarter of the way to how few titles have it, when that is rarer).
  // Two typed words whose everyday entries say the same ("65 ans": the number and "ans", both an age) are one
  // thing asked: it counts once, so it does not outweigh what else the query says ("peau fripée à 40 ans").
  // A question that names a glossary term and nothing else ("c'est quoi les lentigos", "alergia que es"): the term's
  // entry is what it asks, ranked first, above the pages that use the word. Not the site's subject (what it is has
  // a page of its own), nor a term of which the query names only some words ("séance" is not "séance d'entretien").
  function termAsked(state, plan, lead) {
    if (!lead || !plan.asks) return false;
    const concepts = plan.concepts.filter((c) => !c.stop);
    if (!concepts.length || concepts.some((c) => answers(c, state.subject) >= 1)) return false;
    const term = state.byLocation.get(lead.location);
    const words = term.title.filter((w) => !state.stopWords.has(w));
    // the term's words as typed (or another form of them), not an everyday word's targets: "who can't have it" asks
    // who, though its entry names "contraindication"
    const typed = concepts.flatMap((c) => c.label.split(" ").map(fold));
    const named = (w) => typed.some((t) => begins(w, t) || state.stem(t) === state.stem(w));
    return concepts.every((c) => answers(c, term.title) >= 1) && words.every(named);
  }

  function scores(state, plan, items) {
    const said = new Set();
    const rare = plan.concepts.map((c) => {
      if (c.says && said.has(c.says)) return 0;
      if (c.says) said.add(c.says);
      return rarity(state, c);
    });
    const weight = besideDescription(state, plan, rare);
    const inTitles = plan.concepts.map((c) => titleRarity(state, c));
    const pairWeight = pairWeights(state, plan, weight);
    const asking = asked(state, plan);
    const question = Math.max(0, ...weight) * QUESTION_PAIR;
    return items.map((group, order) => {
      const { found, lead } = groupPlaces(state, plan, group);
      const titled = asking !== undefined && group.some((item) => item.location.split("#")[0] === asking);
      const phrase = phrases(state, plan, group, pairWeight) * PHRASE_WEIGHT
        + (titled ? state.byLocation.get(asking).titleWeight * question : 0);
      const page = state.byLocation.get(group[0].location.split("#")[0]);
      const own = plan.concepts.map((c, k) => (page && !page.glossary && inTitles[k] > weight[k]
        && titleHas(state, c, page.title) ? weight[k] + (inTitles[k] - weight[k]) * TITLE_RARITY : weight[k]));
      const led = lead ? [lead, ...group.filter((item) => item !== lead)] : group;
      return { group: led, order, found, weight: own, phrase, termAsked: termAsked(state, plan, lead),
               score: found.reduce((sum, place, k) => sum + place * own[k], 0) + phrase };
    });
  }

  // The headings that have most of a question's word pairs as typed ("who should not have it") but that
  // Material did not find: its index leaves out the language's small words (lunr's stop word filter), so a
  // heading made of them has no word it could match. Each becomes a result of its own, in Material's shape
  // (the section, then its page), for the ranking to place.
  function headingsAnswering(state, plan, items) {
    if (!plan.pairs.length) return [];
    const found = new Set(items.flatMap((group) => group.map((item) => item.location.split("#")[0])));
    const needed = Math.max(1, Math.ceil(plan.pairs.length / 2));
    const added = [];
    for (const [location, doc] of state.byLocation) {
      const page = location.split("#")[0];
      if (doc.glossary || found.has(page)) continue;
      if (plan.pairs.filter((pair) => hasPair(pair, doc.titleWords)).length < needed) continue;
      found.add(page);
      added.push(resultOf(state, location));
    }
    return added;
  }

  // The titles and headings the query's everyday words prefer, on pages Material did not find (the page
  // answers the word under its heading without writing it: "sun" under "after your session"), as results of
  // their own in Material's shape, for the ranking to place.
  function headingsPreferred(state, plan, items) {
    const found = new Set(items.flatMap((group) => group.map((item) => item.location.split("#")[0])));
    const added = [];
    for (const c of plan.concepts) {
      for (const page of state.headingsByPage.keys()) {
        if (found.has(page)) continue;
        const heading = preferredPlace(state, c, page);
        if (!heading) continue;
        found.add(page);
        added.push(resultOf(state, heading.location));
      }
    }
    return added;
  }

  // A page's title or heading as Material gives a result: the section, then its page.
  function resultOf(state, location) {
    const page = location.split("#")[0];
    const own = state.docsByLocation.get(location);
    const parent = state.docsByLocation.get(page);
    const item = { location, title: own.title, text: own.text, score: 0, terms: {} };
    if (!parent || parent === own) return [item];
    item.parent = { location: page, title: parent.title, text: parent.text };
    return [item, { location: page, title: parent.title, text: parent.text, score: 0, terms: {} }];
  }

  function rewriteResult(state, plan, data) {
    if (!data || !Array.isArray(data.items)) return data;
    const answering = [...data.items, ...headingsAnswering(state, plan, data.items)];
    const preferred = [...answering, ...headingsPreferred(state, plan, answering)];
    // the page the question word asks, when Material did not find it (no word of it but the small ones)
    const asking = asked(state, plan);
    const items = asking === undefined || preferred.some((group) => group.some((item) => item.location.split("#")[0] === asking))
      ? preferred : [...preferred, resultOf(state, asking)];
    const ranked = scores(state, plan, items)
      .sort((a, b) => b.termAsked - a.termAsked || b.score - a.score || a.order - b.order)
      .map(({ group }) => group.map((item) => Object.assign({}, item, { terms: terms(state, plan, item) })));
    return Object.assign({}, data, { items: ranked });
  }

  return { fold, prepare, plan, scores, rewriteResult };
})();
