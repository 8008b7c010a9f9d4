"""The resource hub generator: YAML records in, a static site and its files out.

Parts, bottom to top (each imports only the parts below it; pyproject.toml's
import-linter contracts check this): records -> site | reflection ->
exports | contribute -> build -> cli.
"""
