"""Entry points: the CLI now; the JSON API and web pages later. Thin: parse, call a service, render."""
