"""mkdocs-macros module: variables for hand-written pages that opt in with
`render_macros: true`. Generated pages never do; record text never reaches
Jinja here."""


def define_env(env):
    """No custom macros yet: opted-in pages use `config` only."""
