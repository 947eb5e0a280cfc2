# Varnish in front of Crieur's application nodes (issue #14).
#
# What it keeps: only what the application marks as shared, with
# `Cache-Control: public, max-age=0, s-maxage=N` (crieur.proxy.mark_shared; the
# page cache does it for anonymous page views) or `public, max-age=N` (static
# files), for that long. Nothing else: a response without such a header, with
# Set-Cookie, or marked private, no-store or no-cache goes to the visitor and is
# not kept.
#
# What always reaches the application (pass): the admin, the QR resolver (every
# scan must be counted), kiosks, documents (their view checks privacy), every
# method but GET and HEAD, and any request with Django's session or CSRF cookie
# (editors, forms) or an Authorization header.
#
# Purging: Wagtail's front-end cache invalidation (crieur.proxy, HTTPBackend)
# sends `PURGE <path>` with the page's Host: every stored variant of that path
# (any query string) is dropped. `BAN /` drops everything (crieur.proxy.purge_everything).
# Both only from the `purgers` addresses below.
#
# The backends (application nodes), their health probe and the `nodes` director
# are in backends.vcl, found on varnishd's vcl_path: deploy/varnishd.py writes it
# for `make serve-cluster`, bench/cluster.py and the tests; on a server, write it
# by hand (backends.vcl.example).

vcl 4.1;

import directors;
import std;

include "backends.vcl";

# Who may PURGE and BAN: the application nodes. Add their addresses when they
# run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();
    # The address the application's rate limits and login lockout count
    # (RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP): the visitor's, never one a client sends.
    set req.http.X-Real-IP = client.ip;
    if (req.http.host) {
        set req.http.host = std.tolower(req.http.host);
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Lurker-friendly (it names only obj.*): every variant of this host and
        # path, whatever its query string (a listing's ?page=2).
        if (std.ban("obj.http.x-crieur-host == " + req.http.host
                + " && obj.http.x-crieur-path == " + regsub(req.url, "\?.*$", ""))) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (std.ban("obj.status != 0")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, every scan (counted by the application), kiosks, private documents.
    if (req.url ~ "(?i)^/(admin|q|kiosk|documents)(/|\?|$)") {
        return (pass);
    }
    # Editors and anyone with a form in progress: Django's session and CSRF cookies.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken)=" || req.http.Authorization) {
        return (pass);
    }
    # Other cookies (a language choice, a script's) are sent on to the application
    # but do not stop the lookup: what it marks shared is the same for every
    # anonymous visitor (its own page cache keys no cookie either).
    return (hash);
}

sub vcl_hash {
    # A page made for https (absolute links) is not served over http, and back.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
}

sub vcl_backend_response {
    # What PURGE bans on; removed before delivery.
    set beresp.http.x-crieur-host = bereq.http.host;
    set beresp.http.x-crieur-path = regsub(bereq.url, "\?.*$", "");
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "(?i)(s-maxage=[1-9]|(public.*max-age=[1-9])|(max-age=[1-9].*public))") {
        # Not kept; the next request for it goes to the application again
        # (hit-for-miss: it may be cacheable then).
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Varnish takes the TTL from s-maxage, else max-age.
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-crieur-host;
    unset resp.http.x-crieur-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } elsif (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
