"""The test suite: pytest over the demo servers, never the internet."""
