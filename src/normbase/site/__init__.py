"""The static reference website: ``build_site`` renders the knowledge base into files."""

from normbase.site.build import build_site

__all__ = ["build_site"]
