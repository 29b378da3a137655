"""Self-test on participants' phones by QR code or short code (issue 18 §1, docs/self-test.md)."""
