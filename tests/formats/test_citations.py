"""Entries as citations: RIS and BibTeX records, over the fixture catalogue."""

from __future__ import annotations

from mediasearch.formats.citations import entries_to_bibtex, entries_to_ris
from mediasearch.formats.output_format import ExportContext


def page_url(entry_id: str) -> str:
    return f"https://media.example.org/entries/{entry_id}"


def context(catalogue, **feed: str) -> ExportContext:
    return ExportContext(catalogue.vocabulary, page_url, **feed)


def entries(catalogue, *ids):
    return [catalogue.get(entry_id) for entry_id in ids]


def test_ris_records(fixture_catalogue):
    text = entries_to_ris(
        entries(fixture_catalogue, "maria-olave-interview", "nepal-recruitment-fees-video"),
        context(fixture_catalogue),
    )
    assert text.split("\r\n") == [
        "TY  - VIDEO",
        "TI  - María Olave on fair recruitment in Latin America",
        "AU  - International Labour Organization",
        "PB  - International Labour Organization",
        "PY  - 2022",
        "DA  - 2022/11/03",
        "M3  - Interview",
        "AB  - María Olave, ILO specialist, explains how labour migration governance protects "
        "workers across the region.",
        "KW  - Fair recruitment",
        "KW  - María Olave",
        "UR  - https://media.example.org/entries/maria-olave-interview",
        "ER  - ",
        "",
        "TY  - VIDEO",
        "TI  - Ending recruitment fees for Nepali migrant workers",
        "AU  - International Labour Organization",
        "PB  - International Labour Organization",
        "PY  - 2023",
        "DA  - 2023/06/12",
        "M3  - Video",
        "AB  - Migrant workers from Nepal tell how recruitment fees and related costs trapped "
        "them in debt, and how fair recruitment changes that.",
        "KW  - Fair recruitment",
        "KW  - Nepal",
        "KW  - Michelle Leighton",
        "UR  - https://www.ilo.org/example/nepal-recruitment-fees",
        "ER  - ",
        "",
    ]


def test_bibtex_escapes_latex_specials(fixture_catalogue):
    text = entries_to_bibtex(
        entries(fixture_catalogue, "script-injection-test"), context(fixture_catalogue)
    )
    assert text == (
        "@misc{script-injection-test,\n"
        "  title = {{Safety first <script>alert(1)</script> for seafarers}},\n"
        "  author = {{International Labour Organization}},\n"
        "  year = {2022},\n"
        "  month = {may},\n"
        "  date = {2022-05-20},\n"
        "  howpublished = {Infographic},\n"
        "  url = {https://media.example.org/entries/script-injection-test},\n"
        '  abstract = {<b>Bold</b> claims \\& "quotes" about fishing crews '
        "<script>alert(2)</script>.},\n"
        "  keywords = {Fishing and seafood, Thailand}\n"
        "}\n"
    )
