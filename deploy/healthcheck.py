#!/usr/bin/env python3
"""Container health check for the quotewire image (Docker HEALTHCHECK, Compose healthcheck).

GETs a health URL and exits 0 on a 2xx answer, 1 otherwise. The default URL is the
worker's liveness endpoint, ``http://127.0.0.1:$QUOTEWIRE_WEB_PORT/healthz``; ingest passes
its push port's URL as the argument. Standard library only, and proxies are ignored, so a
proxy configured for webhook delivery never answers for the local process.
"""
from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def default_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('QUOTEWIRE_WEB_PORT', '6066')}/healthz"


def check(url: str, timeout: float = 4.0) -> tuple[bool, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return False, f"{url}: HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return False, f"{url}: {exc}"
    return 200 <= status < 300, f"{url}: HTTP {status}"


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else default_url()
    ok, message = check(url)
    print(("healthy: " if ok else "unhealthy: ") + message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
