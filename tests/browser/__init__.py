"""Browser tests of the static site (Playwright + Debian Chromium); see conftest.py."""
