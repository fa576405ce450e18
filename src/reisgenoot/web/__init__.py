"""Shared web plumbing: sessions and roles, CSRF and security headers, layout and components.

Capabilities put their routes in their own ``routes.py`` and use :mod:`reisgenoot.web.deps`
and :mod:`reisgenoot.web.templating`; :func:`reisgenoot.app.create_app` composes them.
"""
