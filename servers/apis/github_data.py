"""The invented data behind ``servers.apis.github``: users, repositories, root links.

Nothing here is GitHub's real data: the names, descriptions and star counts are made up,
chosen so that the lessons' searches (``requests language:python``) find something.
"""

from __future__ import annotations

OWNERS: dict[str, tuple[str, str | None]] = {
    # login: (type, display name)
    "octocat": ("User", "The Octocat"), "pyhttp": ("Organization", "Python HTTP Guild"),
    "workbook": ("Organization", "httplib workbook"), "mockingbird": ("User", "Mina Okafor"),
    "urlsmith": ("User", "Tomás Herrera"), "asyncweb": ("Organization", "Async Web Collective"),
    "scrapewell": ("Organization", None), "weatherly": ("User", "Ada Lindqvist"),
    "datadesk": ("Organization", "Data Desk"), "gofetch": ("User", None),
    "rustnet": ("Organization", "Rustnet"), "jsland": ("Organization", "JS Land"),
    "shellfolk": ("User", "Priya Raman"), "learnhttp": ("Organization", "Learn HTTP"),
}

CATALOGUE = """
pyhttp/requests           | Python | 52310 | A friendly HTTP library: sessions, auth, JSON.
pyhttp/requests-oauthlib  | Python |  1733 | OAuth 1 and OAuth 2 flows for requests sessions.
pyhttp/requests-toolbelt  | Python |   994 | Extra parts for requests: streaming uploads, adapters.
pyhttp/requests-cache     | Python |  1288 | Transparent response caching for requests.
pyhttp/certifi-lite       | Python |   402 | A curated bundle of root certificates for TLS clients.
workbook/httplib-workbook | Python |   420 | Learn HTTP offline, with a requests-compatible client.
workbook/demo-servers     | Python |    85 | Loopback stand-ins for the services HTTP lessons use.
mockingbird/requests-mock-lite | Python | 311 | Stub out calls made with requests in tests.
urlsmith/urllib4          | Python |  3604 | Connection pools, retries and TLS for HTTP clients.
asyncweb/aiohttp-lite     | Python |  1451 | An asynchronous HTTP client and server on asyncio.
asyncweb/websocket-kit    | Python |   640 | WebSocket client and server helpers for asyncio.
scrapewell/souplet        | Python |  2903 | Pull data out of HTML and XML with forgiving parsers.
scrapewell/crawlkit       | Python |  5120 | A crawling framework with polite delays and robots.txt.
weatherly/openmeteo-client | Python |  262 | A small typed client for a weather forecast API.
weatherly/forecast-cli    | Go     |   120 | Today's weather in your terminal, in one command.
datadesk/pagewalker       | Python |    75 | Walk paginated APIs through Link headers and cursors.
datadesk/ratelimiter-py   | Python |   893 | Fixed-window and token-bucket rate limits for requests.
datadesk/csv-to-api       | Python |    48 | Serve any CSV file as a read-only JSON API.
gofetch/fetchy            | Go     |  2111 | An HTTP client for Go with retries and sane timeouts.
rustnet/reqwire           | Rust   |  4302 | An ergonomic, batteries-included HTTP client for Rust.
jsland/axiom-http         | JavaScript | 8815 | Promise-based HTTP for browsers and Node.js.
jsland/requests-js        | JavaScript | 530 | A Node.js port of the requests API.
jsland/fetch-retry        | TypeScript | 642 | Wrap fetch() with retries and exponential backoff.
shellfolk/curlish         | C      |   760 | Command-line HTTP requests with a friendly syntax.
learnhttp/python-requests-examples | Jupyter Notebook | 150 | Notebooks: sessions, retries.
learnhttp/status-codes    | -      |    96 | Every HTTP status code with a one-line explanation.
octocat/hello-world       | -      |  2601 | A tiny first repository, kept around for demos.
octocat/linguist-samples  | Ruby   |   410 | Sample files for testing language detection.
octocat/dotfiles          | Shell  |    33 | Shell settings, shared in case they help someone.
"""
"""The repositories search knows: ``owner/name | language ("-": none) | stars | description``."""

REPOSITORIES: list[tuple[str, str, str | None, int, str]] = [
    (*fields[0].split("/"), None if fields[1] == "-" else fields[1], int(fields[2]), fields[3])
    for line in CATALOGUE.strip().splitlines()
    if (fields := [field.strip() for field in line.split("|")])
]
"""The catalogue as ``(owner, name, language, stars, description)`` tuples."""

_SEARCH = "?q={query}{&page,per_page,sort,order}"
_LISTING = "{?type,page,per_page,sort}"
ROOT_LINKS = {
    "current_user_url": "/user", "authorizations_url": "/authorizations",
    "code_search_url": "/search/code" + _SEARCH, "commit_search_url": "/search/commits" + _SEARCH,
    "emails_url": "/user/emails", "emojis_url": "/emojis", "events_url": "/events",
    "feeds_url": "/feeds", "followers_url": "/user/followers",
    "following_url": "/user/following{/target}", "gists_url": "/gists{/gist_id}",
    "issue_search_url": "/search/issues" + _SEARCH, "issues_url": "/issues",
    "keys_url": "/user/keys", "notifications_url": "/notifications",
    "organization_repositories_url": "/orgs/{org}/repos" + _LISTING,
    "organization_url": "/orgs/{org}", "public_gists_url": "/gists/public",
    "rate_limit_url": "/rate_limit", "repository_url": "/repos/{owner}/{repo}",
    "repository_search_url": "/search/repositories" + _SEARCH,
    "current_user_repositories_url": "/user/repos" + _LISTING,
    "starred_url": "/user/starred{/owner}{/repo}", "starred_gists_url": "/gists/starred",
    "user_url": "/users/{user}", "user_organizations_url": "/user/orgs",
    "user_repositories_url": "/users/{user}/repos" + _LISTING,
    "user_search_url": "/search/users" + _SEARCH,
}
"""The root document's links (RFC 6570 URI templates). Only some lead to routes here."""
