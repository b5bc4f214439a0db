"""The analyzer's indexing shortcut gives exactly the tokens of its filter chain."""

from __future__ import annotations

import pickle

import pytest
from benchmarks.catalogue_generator import generate, write_catalogue
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions

from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.index.analysis import NAME_GAP, IndexedPositions, TextAnalyzer, text_analyzer
from mediasearch.index.schema import build_schema, entry_to_document
from mediasearch.settings import PROJECT_ROOT

REAL_ENTRIES = PROJECT_ROOT / "data" / "entries.yaml"

#: What Whoosh's Positions format asks of an analyzer for each field value it indexes.
INDEXING = {"mode": "index", "positions": True, "boosts": True}

AWKWARD = [
    "",
    "\n",
    "the",
    "a b c",
    # Stop words and one-letter words before the first word kept: it keeps its raw position.
    "The ILO and a migrant",
    "a\nthe\nOf migration",
    "\n\nNepal",
    # Names one per line: each line break moves the rest NAME_GAP further.
    "Fair Recruitment\nFAIR\n\nREFRAME and the Framework",
    "Viet Nam\nVN\nVNM",
    # Accents, American spellings and -ize words, in any case.
    "María Montaño, ÉLODIE, Ærø straße Curaçao",
    "Labor labors LABORER neighbors behavior Center programs defense catalog",
    "organize organization ORGANIZATIONS analyze analyzed mobilizing size prize",
    "COVID-19 workers’ women's 2019 x_y __init__ 3",
    "日本 の 労働 移民",
]


def chain(analyzer: TextAnalyzer) -> CompositeAnalyzer:
    """The same filters as a plain Whoosh chain, without the shortcut."""
    return CompositeAnalyzer(*analyzer.items)


def tokens(analyzer, text: str, **options) -> list[tuple[str, int, float]]:
    return [(token.text, token.pos, token.boost) for token in analyzer(text, **options)]


def field_texts(catalogue: Catalogue) -> list[str]:
    """Every value the index analyzes as text, entry by entry."""
    analyzed = {
        name for name, field in build_schema().items() if isinstance(field.analyzer, TextAnalyzer)
    }
    return [
        value
        for entry in catalogue.entries
        for name, value in entry_to_document(entry, catalogue.vocabulary).items()
        if name in analyzed
    ]


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return load_catalogue(REAL_ENTRIES)


@pytest.fixture(scope="module")
def synthetic(real, tmp_path_factory) -> Catalogue:
    entries, _places = generate(real, 300, seed=3)
    directory = tmp_path_factory.mktemp("synthetic")
    return load_catalogue(write_catalogue(entries, REAL_ENTRIES, directory))


@pytest.mark.parametrize("text", AWKWARD)
def test_indexing_gives_the_chains_tokens(text):
    analyzer = text_analyzer()
    assert tokens(analyzer, text, **INDEXING) == tokens(chain(analyzer), text, **INDEXING)


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_indexing_a_catalogue_gives_the_chains_tokens(which, request):
    texts = field_texts(request.getfixturevalue(which))
    analyzer = text_analyzer()
    expected = [tokens(chain(analyzer), text, **INDEXING) for text in texts]
    # Twice: the first time each word's term is worked out, the second it is remembered.
    assert [tokens(analyzer, text, **INDEXING) for text in texts] == expected
    assert [tokens(analyzer, text, **INDEXING) for text in texts] == expected
    # Real text: thousands of words, names one per line.
    assert sum(map(len, expected)) > 5 * len(texts) > 2000
    assert sum("\n" in text for text in texts) > 100


def test_the_awkward_cases_are_awkward():
    """The cases above do stop words, gaps and folding: the shortcut has something to get wrong."""
    analyzer = chain(text_analyzer())
    assert tokens(analyzer, "The ILO and a migrant", **INDEXING)[0] == ("ilo", 1, 1.0)
    assert tokens(analyzer, "a\nthe\nOf migration", **INDEXING) == [
        ("migrat", 5 + 2 * NAME_GAP, 1.0)
    ]
    assert [text for text, _, _ in tokens(analyzer, AWKWARD[9], **INDEXING)][:2] == [
        "maria",
        "montano",
    ]


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "query"},
        {"mode": "index", "chars": True, "positions": True},
        {"mode": "index", "removestops": False},
        {"mode": "index", "start_pos": 5, "positions": True},
    ],
)
def test_other_uses_go_through_the_chain(options):
    """Queries, highlights (chars) and anything unusual get the chain's own tokens."""
    analyzer = text_analyzer()

    def seen(analyzer):
        return [
            (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), t.stopped)
            for t in analyzer(AWKWARD[7], **options)
        ]

    assert seen(analyzer) == seen(chain(analyzer))


def test_the_words_met_are_not_pickled_with_the_schema():
    """Whoosh pickles the schema into the index: the words met while indexing stay out."""
    analyzer = text_analyzer()
    before = pickle.dumps(analyzer)
    assert tokens(analyzer, "Migrant workers", **INDEXING) == [
        ("migrant", 0, 1.0),
        ("worker", 1, 1.0),
    ]
    assert pickle.dumps(analyzer) == before
    restored = pickle.loads(before)
    assert tokens(restored, "Migrant workers", **INDEXING) == tokens(
        analyzer, "Migrant workers", **INDEXING
    )


def ram_index(catalogue: Catalogue):
    """The catalogue indexed in memory."""
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for entry in catalogue.entries:
            writer.add_document(**entry_to_document(entry, catalogue.vocabulary))
    return index


def postings(index) -> list[tuple]:
    """Every posting of every text field: field, term, document, weight and positions."""
    found = []
    with index.reader() as reader:
        for name, field in index.schema.items():
            if not isinstance(field.analyzer, TextAnalyzer):
                continue
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    found.append((name, term, matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
    return found


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_an_index_written_with_the_shortcut_equals_one_written_by_the_chain(
    which, request, monkeypatch
):
    """Same terms, documents, weights and encoded positions in every text field."""
    catalogue = request.getfixturevalue(which)
    shortcut = ram_index(catalogue)
    # The format asks the analyzer for tokens, and the analyzer runs its chain, as Whoosh's own.
    monkeypatch.setattr(IndexedPositions, "word_values", Positions.word_values)
    monkeypatch.setattr(TextAnalyzer, "__call__", CompositeAnalyzer.__call__)
    chain_built = ram_index(catalogue)
    assert isinstance(chain_built.schema["title"].format, IndexedPositions)
    assert postings(shortcut) == postings(chain_built)
    assert len(postings(shortcut)) > 3000
