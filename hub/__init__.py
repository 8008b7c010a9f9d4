"""The resource hub generator: load -> validate -> render -> export."""
