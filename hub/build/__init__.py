"""Building and serving the site: the page tree, the engine, Pagefind, the finished folder, the zip.

Offers the CLI `build.build_site`, `build.generate`, `serve.serve` and `dist`; `progress.Progress` is the
public timing hook (each phase's time, as `make site` prints it) that the benchmark reads.
"""
