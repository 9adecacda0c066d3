"""A list's search term stays out of its URL.

What people type in a list's search box is often a person's name. In a URL it would
end up in the browser's history, the proxy's and the server's access logs, and the
Referer of every link on the page. So the filter form posts; the term goes into the
session under a random key, and the list's URL carries only that key (?zoek=<key>),
with the other filters, so paging, htmx updates and exports work as before. A link
with ?q= (an old bookmark) is turned into the same at once.
"""

import secrets
from functools import wraps

from django.http import HttpResponseRedirect, QueryDict

#: The URL parameter holding the key, and the form field holding the term.
PARAM, FIELD = "zoek", "q"
#: Where the session keeps the terms: {key: term}, the newest last.
SESSION_KEY = "makelaar_searches"
#: How many terms a session keeps; older keys no longer find their term.
KEEP = 20


def stash(session, term: str) -> str:
    """The key for `term` in this session (the same term keeps its key)."""
    searches = dict(session.get(SESSION_KEY) or {})
    key = next((k for k, v in searches.items() if v == term), None)
    if key is None:
        key = secrets.token_urlsafe(9)
    searches.pop(key, None)
    searches[key] = term
    session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
    return key


def term_for(session, key: str) -> str:
    return (session.get(SESSION_KEY) or {}).get(key, "")


def resolved(request, query: QueryDict | None = None) -> QueryDict:
    """The list's filters as its form binds them: the key replaced by the term."""
    params = (request.GET if query is None else query).copy()
    key = params.pop(PARAM, [""])[-1]
    if key:
        params.pop(FIELD, None)
        term = term_for(request.session, key)
        if term:
            params[FIELD] = term
    return params


def without_term(query: QueryDict) -> QueryDict:
    """`query` with no search term in it (for a link built from stored filters)."""
    params = query.copy()
    params.pop(FIELD, None)
    return params


def _redirect_with_key(request, source: QueryDict):
    params = source.copy()
    for name in ("csrfmiddlewaretoken", "page", PARAM):
        params.pop(name, None)
    term = params.pop(FIELD, [""])[-1].strip()
    if term:
        params[PARAM] = stash(request.session, term)
    query = params.urlencode()
    # 303: the browser (and htmx, which then pushes the URL it landed on) asks with GET.
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


def search_out_of_url(view):
    """For a list view with a search box: a posted filter form, or a URL with ?q=, is
    answered with a redirect to the same filters and the term's key. The view then
    reads its filters from `resolved(request)`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            return _redirect_with_key(request, request.POST)
        if FIELD in request.GET:
            return _redirect_with_key(request, request.GET)
        return view(request, *args, **kwargs)

    return wrapper
