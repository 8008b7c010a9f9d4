"""The site's pages: what each page shows (record views, the map of support), the page list, templates and rendering.

Offers the others `views.record_views`, `pages.site_pages`/`Page`/`render_page`, `render.environment`,
`whatsnew`, `supportmap` (its counts) and the hand-over list data; it imports only the records, never an engine.
"""
