"""The self-reflection tool: its pages (as page specs), reading Alliance returns and the published summary.

Offers the others `pages.reflect_pages` and the `hub reflect` command (`summarise.add_command`);
it builds on the records only. Small numbers are hidden by `suppression` and the result is
attacked by integer programming in `audit` before anything is written; `protection` says
how, in the words the summary page shows.
"""
