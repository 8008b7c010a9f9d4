"""The records: reading data/*.yaml and mkdocs.yml's hub settings with lines, checking them, plain English problems.

Offers the others `loader.load` (the one loader) and `Hub`, the record-type table (`kinds`), `settings`, `problems`,
plain-language `text` and `dates`, training `sessions`, the reflection `questionsets` rules, `formfields` and `history`.
"""
