"""What every built page goes through after the generator: search split, per-page styles, minify, CSP."""
