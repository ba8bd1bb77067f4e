"""Browser tests: Chromium through Playwright against a live server (marked ``e2e``)."""
