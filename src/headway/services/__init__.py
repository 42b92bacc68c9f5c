"""Use cases: what a person can do with Headway. The CLI, the API and the web pages all call these."""
