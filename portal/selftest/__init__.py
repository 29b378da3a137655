"""The participant's side of the self-test: public pages under /t/, no account (docs/self-test.md)."""
