"""What is published beside the pages: the Atom feed, training calendars and open data (CSV, Open Referral UK, the map of support).

Offers the build `feed.write_feed`, `calendars.write_calendars` and `opendata.write_exports`; each reads
the site's record views, never its build.
"""
