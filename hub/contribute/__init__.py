"""Contributors' commands: `hub new` (a blank record), `hub review` (what is due) and the field reference.

Offers the CLI each module's `add_command`, and the build `fieldref.field_reference_pages` (page specs).
"""
