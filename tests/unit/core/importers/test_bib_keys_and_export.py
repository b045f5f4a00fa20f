"""Keys, re-imports and the way back out, one minimal .bib text per kind of loss."""

from __future__ import annotations

import bibtexparser

from readinglist.core.library import LibraryService


def exported(library: LibraryService, profile: str = "bibtex") -> dict[str, tuple[str, dict[str, str]]]:
    parsed = bibtexparser.parse_string(library.exports.text(profile))
    return {e.key: (e.entry_type, {f.key.lower(): str(f.value) for f in e.fields}) for e in parsed.entries}


def test_keys_that_bibtex_accepts_are_kept_exactly(library):
    long_key = "k" * 120
    text = (
        "@article{O'Hara_1999, title={One}}\n@article{He.Zhang.Ren.ea.2016*1, title={Two}}\n"
        f"@article{{{long_key}, title={{Three}}}}\n"
    )
    report = library.imports.text(text)
    keys = sorted(library.papers.get(i).citekey for i in report.added)
    assert keys == sorted(["O'Hara_1999", "He.Zhang.Ren.ea.2016*1", long_key])
    assert not report.notices
    again = library.imports.text(text)
    assert again.added == [] and sorted(library.papers.get(i).citekey for i in again.paper_ids) == keys
    assert set(exported(library)) == set(keys)


def test_renames_and_merges_are_reported_by_name(library):
    report = library.imports.text(
        "@article{Müller 2020, title={Umlaut key}}\n"
        "@article{first, title={A paper}, doi={10.1145/1.2}}\n"
        "@inproceedings{second, title={The same paper}, doi={https://doi.org/10.1145/1.2}}\n"
    )
    assert "Müller 2020 → Muller2020 (line 1: LaTeX cannot use that key)" in report.notices
    assert "second (line 3) merged into first because they share DOI 10.1145/1.2" in report.notices
    assert "1 updated" in report.summary() or "already in the library" in report.summary()


def test_a_reimport_never_replaces_richer_data_or_the_users_edits(library):
    eight = " and ".join(f"Author{i}, A." for i in range(8))
    library.imports.text(f"@article{{k, title={{Title}}, author={{{eight}}}, journal={{J}}, year=2020}}")
    pid = library.papers.find("k")
    library.papers.update_metadata(pid, title="My Own Title")
    library.imports.text("@article{k, title={Title}, author={Author0, A. and Author1, A.}, journal={}, year=2021}")
    paper = library.papers.get(pid)
    assert len(paper.authors) == 8 and paper.venue == "J"
    assert paper.title == "My Own Title" and paper.year == 2021


def test_export_keeps_types_editors_and_every_stored_field(library):
    library.imports.text(
        "@phdthesis{thesis, author={Lee, Ann}, title={A Thesis}, school={MIT}, address={Cambridge},"
        " year=2019, month=sep, note={Unpublished}}\n"
        "@book{edited, editor={Albrecht, Holger and Bass, Len}, title={Contentious Politics},"
        " publisher={UPF}, series={Studies}, edition={2}, isbn={978-1-4799-1922-2}, year=2010}\n"
        "@techreport{tr, author={Doe, Jane}, title={Report}, institution={Inria},"
        " number={42}, type={Research Report}, year=2001}\n"
    )
    out = exported(library)
    assert out["thesis"][0] == "phdthesis"
    assert {k: out["thesis"][1][k] for k in ("school", "address", "note", "month")} == {
        "school": "MIT", "address": "Cambridge", "note": "Unpublished", "month": "sep"}
    kind, edited = out["edited"]
    assert kind == "book" and "author" not in edited
    assert edited["editor"] == "Albrecht, Holger and Bass, Len"
    assert (edited["series"], edited["edition"], edited["isbn"]) == ("Studies", "2", "978-1-4799-1922-2")
    assert out["tr"][0] == "techreport" and out["tr"][1]["institution"] == "Inria"
    assert out["tr"][1]["type"] == "Research Report"
    biblatex = exported(library, "biblatex")
    assert biblatex["thesis"][1]["location"] == "Cambridge"
    assert biblatex["thesis"][1]["institution"] == "MIT"


def test_crossref_children_keep_their_inherited_booktitle_on_export(library):
    library.imports.text(
        "@inproceedings{child, author={Zimmermann, Olaf}, title={Paper}, crossref={proc}, pages={85--94}}\n"
        "@proceedings{proc, title={WICSA 2015}, editor={Bass, Len}, publisher={IEEE}, year=2015}\n"
    )
    child = exported(library)["child"][1]
    assert (child["booktitle"], child["publisher"], child["year"]) == ("WICSA 2015", "IEEE", "2015")
    assert "crossref" not in child


def test_protected_capitals_stay_protected(library):
    library.imports.text("@article{a, title={{P}rocess mining in the pre{C}olumbian {Andes}}, year=2020}")
    title = exported(library)["a"][1]["title"]
    assert "{Process}" in title and "{preColumbian}" in title and "{Andes}" in title


def test_doctor_knows_which_fields_each_type_needs(library):
    library.imports.text(
        "@phdthesis{ok, author={Lee, Ann}, title={T}, school={MIT}, year=2019}\n"
        "@phdthesis{noschool, author={Lee, Ann}, title={U}, year=2019}\n"
    )
    messages = [f.message for f in library.health.doctor()]
    assert any(m.startswith("noschool (@phdthesis) has no school") for m in messages)
    assert not any(m.startswith("ok ") for m in messages)
