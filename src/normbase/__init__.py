"""normbase: a bilingual Kazakh/Russian knowledge base of Kazakhstan's normative legal acts."""

__version__ = "0.1.0"
