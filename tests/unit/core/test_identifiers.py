import pytest

from readinglist.core.identifiers import ArxivId, parse_arxiv_id, parse_doi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2509.12345", ArxivId("2509.12345")),
        ("2509.12345v2", ArxivId("2509.12345", 2)),
        ("0704.0001", ArxivId("0704.0001")),
        ("arXiv:2509.12345", ArxivId("2509.12345")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("math.GT/0309136v1", ArxivId("math.GT/0309136", 1)),
        ("https://arxiv.org/abs/2509.12345v3", ArxivId("2509.12345", 3)),
        ("http://arxiv.org/pdf/2509.12345v1.pdf", ArxivId("2509.12345", 1)),
        ("https://arxiv.org/pdf/2509.12345", ArxivId("2509.12345")),
        ("https://arxiv.org/abs/hep-th/9901001", ArxivId("hep-th/9901001")),
        ("https://huggingface.co/papers/2509.12345", ArxivId("2509.12345")),
        ("10.48550/arXiv.2202.01037", ArxivId("2202.01037")),
        ("https://doi.org/10.48550/ARXIV.2202.01037", ArxivId("2202.01037")),
    ],
)
def test_every_spelling_of_an_arxiv_id_names_the_same_paper(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize("text", ["", "1234", "2509.123", "hello world", "10.1000/xyz"])
def test_non_arxiv_text_is_not_an_arxiv_id(text):
    assert parse_arxiv_id(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1126/science.169.3946.635", "10.1126/science.169.3946.635"),
        ("doi:10.1000/ABC", "10.1000/ABC"),
        ("https://doi.org/10.18653/v1/N19-1423", "10.18653/v1/N19-1423"),
        ("http://dx.doi.org/10.1000/xyz.", "10.1000/xyz"),
        ("not a doi", ""),
    ],
)
def test_doi_spellings(text, expected):
    assert parse_doi(text) == expected


def test_arxiv_dois_are_refused_as_dois_unless_asked():
    assert parse_doi("10.48550/arXiv.2202.01037") == ""
    assert parse_doi("10.48550/arXiv.2202.01037", allow_arxiv=True) == "10.48550/arXiv.2202.01037"
