from readinglist.core.citekeys import base_citekey, unique_citekey, validate_citekey
from readinglist.core.errors import InvalidInput
from readinglist.core.models import Author

import pytest


@pytest.mark.parametrize(
    ("author", "title", "year", "key"),
    [
        ("Ashish Vaswani", "Attention Is All You Need", 2017, "vaswaniAttentionAllYou2017"),
        ("Jacob Devlin", "BERT: Pre-training of Deep Bidirectional Transformers", 2019,
         "devlinBERTPretrainingDeep2019"),
        ("Albert Gu", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces", 2023,
         "guMambaLinearTimeSequence2023"),
        ("Thomas Müller", "Über die Quantenmechanik", 1927, "mullerUberQuantenmechanik1927"),
        ("Łukasz Kaiser", "One Model To Learn Them All", 2017, "kaiserOneModelLearn2017"),
    ],
)
def test_keys_follow_better_bibtex_default_formula(author, title, year, key):
    assert base_citekey([Author(author)], title, year) == key


def test_cjk_names_are_transliterated_never_replacement_characters():
    key = base_citekey([Author("王小明")], "深度学习", 2020)
    assert key.isascii() and "\ufffd" not in key and key.endswith("2020")
    assert key.startswith("wang")


def test_clash_suffixes_are_a_b_c_case_insensitively():
    taken = {"smith2020", "smith2020a"}
    assert unique_citekey("Smith2020", lambda k: k.lower() in taken) == "Smith2020b"
    assert unique_citekey("jones2020", lambda k: k.lower() in taken) == "jones2020"


@pytest.mark.parametrize("bad", ["", "has space", "a{b", "comma,key", "naïve"])
def test_invalid_user_keys_are_refused(bad):
    with pytest.raises(InvalidInput):
        validate_citekey(bad)
