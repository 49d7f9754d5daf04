vcl 4.1;
# Varnish 7 in front of the newsroom's app servers (Debian: varnish, varnish-modules).
#
# The app says what a page shows in Surrogate-Key; a change purges those keys here with
#   PURGE / HTTP/1.1
#   xkey-purge: article-12 section-3
# (core/pagecache/proxies.py, VarnishPurger). Readers signed out share one copy of each page;
# editors (a session cookie), the admin and previews always reach the app.

import directors;
import std;
import xkey;

# The app servers: defines the round-robin director `app` (see backends.vcl beside this
# file; a deployment, or a test, puts its own first in vcl_path).
include "backends.vcl";

# Only the app servers purge, and they talk to Varnish over loopback. Checked against
# client.ip, so behind a PROXY-protocol TLS terminator it is the reader's address; a
# terminator on this host that does not speak PROXY would make every reader "loopback".
# App servers on other hosts: add their addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        # Hard, not soft: a withdrawn story must not be served stale even once.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method !~ "^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$") {
        # Never pipe an unknown method through to the app (the builtin would).
        return (synth(405));
    }

    # Headers only a proxy may set, never a reader: gunicorn trusts SCRIPT_NAME and PATH_INFO
    # from Varnish's address (its forwarder_headers), and a moved script prefix or path
    # would be rendered into links and cached for everyone. The others move the scheme, host
    # or method the app believes in; Proxy is httpoxy.
    unset req.http.SCRIPT_NAME;
    unset req.http.Script-Name;
    unset req.http.PATH_INFO;
    unset req.http.Path-Info;
    unset req.http.REMOTE_USER;
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Forwarded-Server;
    unset req.http.X-Forwarded-Port;
    unset req.http.X-Forwarded-Prefix;
    unset req.http.X-Forwarded-Protocol;
    unset req.http.X-Forwarded-Ssl;
    unset req.http.X-Original-URL;
    unset req.http.X-Rewrite-URL;
    unset req.http.X-HTTP-Method-Override;
    unset req.http.Forwarded;
    unset req.http.Proxy;
    # X-Forwarded-Proto is the TLS terminator's (it must overwrite the reader's); only two
    # values, as each one is a separate copy of the page (vcl_hash).
    if (req.http.X-Forwarded-Proto != "https") {
        unset req.http.X-Forwarded-Proto;
    }
    # Set by vcl_hit on a restart only (stale-if-error below).
    if (req.restarts == 0) {
        unset req.http.X-Stale;
    }

    set req.backend_hint = app.backend();

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # A reader's other cookies (csrftoken, analytics) change nothing on a public page.
    unset req.http.Cookie;
    # Past its stale-while-revalidate window (vcl_hit), a page waits for a fresh copy, and
    # the stale one stays in case that fetch fails. Set both ways: it outlives a restart.
    set req.hash_always_miss = (req.http.X-Stale == "refetch");
    # On to the builtin: Host checks, and a pass for Authorization.
}

sub vcl_hash {
    # http and https answers differ (the app redirects http to https): one copy each.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    # A stale copy past its stale-while-revalidate window is only for when the app fails
    # (stale-if-error): while the app servers look healthy, fetch a fresh copy and wait.
    if (obj.ttl + std.duration(obj.http.X-Swr, 0s) < 0s
        && std.healthy(req.backend_hint) && !req.http.X-Stale) {
        set req.http.X-Stale = "refetch";
        return (restart);
    }
}

sub vcl_backend_response {
    # xkey indexes objects by its own header; the app's keys are Surrogate-Key, only.
    unset beresp.http.xkey;
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # The TTL is already s-maxage (Varnish reads it before max-age). Grace (how long a stale
    # copy may still be served) is the longer of stale-while-revalidate (served while a
    # background fetch refreshes it) and stale-if-error (served while the app fails);
    # vcl_hit keeps the two apart with the first, remembered in X-Swr.
    set beresp.http.X-Swr = "0s";
    if (beresp.http.Cache-Control ~ "(?i)stale-while-revalidate=\d+") {
        set beresp.http.X-Swr = regsub(beresp.http.Cache-Control,
            "(?i)^.*stale-while-revalidate=(\d+).*$", "\1s");
        set beresp.grace = std.duration(beresp.http.X-Swr, 0s);
    } else {
        set beresp.grace = 0s;
    }
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=\d+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "(?i)^.*stale-if-error=(\d+).*$", "\1s"), 0s);
        if (beresp.grace < std.duration(beresp.http.X-Swr, 0s)) {
            set beresp.grace = std.duration(beresp.http.X-Swr, 0s);
        }
    }
    if (beresp.status >= 500 && (bereq.is_bgfetch || bereq.http.X-Stale == "refetch")) {
        # The app fails and a stale copy is at hand: keep it, and serve it (stale-if-error).
        return (abandon);
    }
    # On to the builtin: no caching of errors, private, no-store, Set-Cookie or a zero TTL.
}

sub vcl_backend_error {
    # The app did not answer at all: the same as its failing.
    if (bereq.is_bgfetch || bereq.http.X-Stale == "refetch") {
        return (abandon);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # This Varnish is the edge: the keys list what a page shows and are for caches, not
    # readers, so they stop here. (With a CDN in front, keep Surrogate-Key and Cache-Tag:
    # Fastly and Cloudflare read and strip them themselves.)
    unset resp.http.xkey;
    unset resp.http.X-Swr;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}

sub vcl_synth {
    # The fresh fetch was abandoned: serve the stale copy after all.
    if (resp.status == 503 && req.http.X-Stale == "refetch") {
        set req.http.X-Stale = "serve";
        return (restart);
    }
}
