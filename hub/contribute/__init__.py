"""Contributors' commands: `hub new`, `hub review`, `hub gaps`, the field reference, and the issue forms (`hub forms`, `hub intake`).

Offers the CLI each module's `add_command`, and the build `fieldref.field_reference_pages` (page specs).
"""
