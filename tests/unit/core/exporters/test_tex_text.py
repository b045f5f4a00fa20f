"""Library text → BibTeX field text: escaping, accents, case protection, math, injection."""

from __future__ import annotations

import pytest
from bibcheck import braces_balance, decode, live_commands

from readinglist.core.exporters.tex_macros import decode_text_macros
from readinglist.core.exporters.tex_text import TexNotes, to_tex, url_tex


def bib(text: str, **kw: object) -> str:
    return to_tex(text, ascii_only=True, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("Müller", r"M{\"u}ller"),
        ("Łukasz", r"{\L}ukasz"),
        ("Çelik", r"{\c{C}}elik"),
        ("naïve", r"na{\"\i}ve"),
        ("Nguyễn", r"Nguy{\~{\^{e}}}n"),
        ("Ångström", r"{\r{A}}ngstr{\"o}m"),
        ("Straße", r"Stra{\ss}e"),
        ("Dvořák", r"Dvo{\v{r}}{\'a}k"),
        ("α-helix", r"{\ensuremath{\alpha}}-helix"),
        (
            "pages 1–10 — “quoted”",
            r"pages 1{\textendash}10 {\textemdash} {\textquotedblleft}quoted{\textquotedblright}",
        ),
    ],
)
def test_bibtex_profile_spells_unicode_as_braced_latex(text, tex):
    out = bib(text)
    assert out == tex
    assert out.isascii()
    assert decode(out) == text


def test_characters_latex_cannot_spell_are_transliterated_and_reported():
    notes = TexNotes()
    out = bib("王小明 and ą", notes=notes)
    assert out.isascii() and "WangXiaoMing" in out
    assert notes.transliterated == {"王", "小", "明", "ą"}


def test_biblatex_profile_keeps_unicode():
    assert to_tex("Müller Łukasz 王小明 α", ascii_only=False) == "Müller Łukasz 王小明 α"


@pytest.mark.parametrize("ascii_only", [True, False])
def test_specials_are_escaped_as_text(ascii_only):
    text = "R&D 100% #1 a_b $5 {x} ~y ^z \\w <b> |c|"
    out = to_tex(text, ascii_only=ascii_only)
    assert out == (
        r"R\&D 100\% \#1 a\_b \$5 \textbraceleft{}x\textbraceright{} \textasciitilde{}y "
        r"\textasciicircum{}z \textbackslash{}w \textless{}b\textgreater{} \textbar{}c\textbar{}"
    )
    assert decode(out) == text


@pytest.mark.parametrize(
    ("title", "tex"),
    [
        ("BERT: Pre-training of Deep Transformers", "{BERT}: Pre-training of Deep Transformers"),
        ("GPT-4 Technical Report", "{GPT}-4 Technical Report"),
        ("ImageNet Classification", "{ImageNet} Classification"),
        ("A Study of T5 and iPhone 3D X-rays", "A Study of {T5} and {iPhone} {3D} {X}-rays"),
        ("Attention Is All You Need", "Attention Is All You Need"),
        ("ÉCOLE Über", r"{{\'E}COLE} {\"U}ber"),
    ],
)
def test_capitals_styles_would_lowercase_are_braced(title, tex):
    assert bib(title, protect_case=True) == tex


def test_math_is_kept_as_braced_math():
    title = r"$\omega$Test: $O(n \log n)$ and $\frac{1}{2}$ with $x_i^2$"
    out = bib(title, protect_case=True)
    assert out == r"{$\omega$}Test: {$O(n \log n)$} and {$\frac{1}{2}$} with {$x_i^2$}"


def test_unicode_inside_math_becomes_math_commands_in_the_bibtex_profile():
    assert bib("$ω^2$") == r"{${\omega}^2$}"
    assert to_tex("$ω^2$", ascii_only=False) == "{$ω^2$}"


@pytest.mark.parametrize(
    "math",
    [
        r"\mathbb{R}^N",  # needs amssymb
        r"\text{x}",  # needs amsmath
        r"\input{/etc/passwd}",
        r"\frac{1}",  # missing argument
        r"x^2^3",  # double superscript
        r"x^",
        r"a & b",
        r"\def\x{y}",
        r"{x",
        r"\left( x \right)",
    ],
)
def test_math_that_would_not_compile_is_printed_as_text(math):
    notes = TexNotes()
    out = bib(f"see ${math}$ here", notes=notes)
    assert "{$" not in out
    assert notes.math_as_text == [math]
    assert not live_commands(out)
    assert decode(out) == f"see ${math}$ here"


def test_dollar_amounts_are_not_math():
    out = bib("costs $20,000 and $30,000")
    assert out == r"costs \$20,000 and \$30,000"


@pytest.mark.parametrize(
    "attack",
    [
        r"\input{/etc/passwd}",
        r"\write18{rm -rf ~}",
        r"\immediate\write18{touch pwned}",
        r"\catcode`\@=11",
        r"\def\x{\x}\x",
        r"\csname end\endcsname",
        r"}} \end{document}",
        r"{ unbalanced",
        r"\\ \par \newline",
        "\\",
        "\\\\",
        r"$\input{x}$",
        r"\begin{verbatim}",
        "%\n\\input{x}",
    ],
)
@pytest.mark.parametrize("ascii_only", [True, False])
def test_no_text_can_produce_a_live_command(attack, ascii_only):
    for protect in (True, False):
        out = to_tex(attack, ascii_only=ascii_only, protect_case=protect)
        assert not live_commands(out), out
        assert braces_balance(out)
        assert "%" not in out.replace(r"\%", "")
        assert "\n" not in out


def test_accent_macros_in_the_library_print_as_the_letters_they_mean():
    assert decode_text_macros(
        r"Schr\"odinger and {\'E}cole, \c{c}a, G\"{o}del, \ss, na\"{\i}ve"
    ) == ("Schrödinger and École, ça, Gödel, ß, naïve")
    assert bib(r"Schr\"odinger \& Co") == r"Schr{\"o}dinger \& Co"


def test_unknown_macros_stay_visible_as_text():
    assert (
        bib(r"\beta \dots \circ")
        == r"\textbackslash{}beta \textbackslash{}dots \textbackslash{}circ"
    )


def test_control_characters_and_line_breaks_never_reach_the_file():
    out = bib("line one\n\nline two\ttab\x00nul\x07bell")
    assert out == "line one  line two tabnulbell"


def test_urls_are_percent_encoded_where_bibtex_or_url_would_choke():
    assert url_tex("https://example.org/a b{c}\\d") == "https://example.org/a%20b%7Bc%7D%5Cd"
    assert url_tex("https://example.org/x?a=1&b=%41#frag") == "https://example.org/x?a=1&b=%41#frag"
    assert url_tex("https://例え.jp/ü") == "https://%E4%BE%8B%E3%81%88.jp/%C3%BC"
    assert url_tex("10.1000/j.x<1>_2") == "10.1000/j.x%3C1%3E_2"
