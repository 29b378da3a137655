"""Compressed pages for slow connections (gzip), for text only.

Rural users open the portal over 2G/3G, where an uncompressed 170 KB page takes seconds. Django's
GZipMiddleware compresses every response it may; PDFs, workbooks and images are compressed already, so
compressing them again only costs CPU. This subclass leaves them alone.

BREACH (guessing a secret in a compressed page from its length) is kept at bay by two things Django does:
the CSRF token in every form is masked afresh for each response, so it never repeats, and GZipMiddleware
adds up to 100 random bytes to each compressed response, so lengths do not reveal what matched.
Brotli would compress ~15 % better but Django has no such padding for it; gzip is the safer choice.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
