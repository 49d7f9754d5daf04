"""Purgers for caching proxies and CDNs (placeholder until the Varnish/Fastly/Cloudflare
purgers land): none configured."""


def configured_purgers() -> list:
    return []
