// Runs Lighthouse on a list of jobs in one Node.js process, with a fresh Chromium per run.
// Same as the CLI (`lighthouse URL --preset=desktop …`) without starting Node.js and loading
// Lighthouse again for every run. bench/lighthouse.py copies this file next to its
// node_modules (bench/work/lighthouse/) and calls:  node lighthouse-runner.mjs jobs.json
// jobs.json: [{"url": "...", "formFactor": "mobile"|"desktop", "report": "/path/report.json",
//              "cpuSlowdown": 1.7 (optional: the CPU slowdown, calibrated to this host)}, ...]
// Chromium: $CHROME_PATH; its flags: $CHROME_FLAGS (one flag per line).
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const chromeFlags = (process.env.CHROME_FLAGS || '').split('\n').filter(Boolean);
const categories = (process.env.LH_CATEGORIES || 'performance,accessibility,best-practices,seo').split(',');

for (const job of jobs) {
  const chrome = await chromeLauncher.launch({chromePath: process.env.CHROME_PATH, chromeFlags});
  try {
    const flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
      // Not part of any score; saves a second per run.
      disableFullPageScreenshot: true,
    };
    // Merged into the preset's throttling, as the CLI's --throttling.cpuSlowdownMultiplier is.
    if (job.cpuSlowdown) flags.throttling = {cpuSlowdownMultiplier: job.cpuSlowdown};
    const result = await lighthouse(job.url, flags, job.formFactor === 'desktop' ? desktopConfig : undefined);
    fs.writeFileSync(job.report, result.report);
    console.log(JSON.stringify({report: job.report}));
  } catch (error) {
    console.log(JSON.stringify({report: job.report, error: String(error && error.stack || error)}));
  } finally {
    await chrome.kill();
  }
}
