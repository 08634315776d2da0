"""Differential tests: one scenario through requests and httplib, results compared."""
