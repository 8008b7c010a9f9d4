"""The self-reflection tool: its pages (as page specs), reading Alliance returns and the published summary.

Offers the others `pages.reflect_pages` and the `hub reflect` command (`summarise.add_command`);
it builds on the records only. Summaries are attacked by integer programming (`audit`) before writing.
"""
