"""`make bench` and `make load`, and the one way the tests and benchmarks start a server."""
