"""Full-text search over every unit version, both languages (the only user of whoosh).

reads: ``SearchDoc`` values (one per unit version) or a built index folder;
writes: a whoosh index folder (``SearchIndex.build``).

    from normbase.search import SearchDoc, SearchIndex
    index = SearchIndex.build(out / "search", docs)       # or SearchIndex.open(out / "search")
    for hit in index.search("методические объединения", lang="ru", on=date(2016, 3, 1)):
        print(hit.doc.act, hit.doc.address, hit.snippet)

See ``docs/search.md`` for the analysis, the query syntax and the measured quality.
"""

from normbase.search.analysis import ANALYSIS_VERSION, analyze
from normbase.search.index import Hit, SearchDoc, SearchIndex
from normbase.search.kazakh import KazakhVocabulary

__all__ = ["ANALYSIS_VERSION", "Hit", "KazakhVocabulary", "SearchDoc", "SearchIndex", "analyze"]
