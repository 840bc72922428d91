"""Parameter checks (analysis.analyses.parameters) on SYNTHETIC canonical frames."""

from __future__ import annotations

import pytest

from analysis.analyses import industry, parameters
from synthetic_oews import synthetic_frame, synthetic_row


@pytest.fixture(scope="module")
def frame():
    # synthetic: two releases, three occupations, one industry row
    return synthetic_frame(
        [
            synthetic_row(2024, "29-2072", a_mean=50000, occ_title="Medical Records Specialists"),
            synthetic_row(2025, "29-2072", a_mean=52000, occ_title="Medical Records Specialists"),
            synthetic_row(2025, "00-0000", a_mean=60000, occ_title="All Occupations"),
            synthetic_row(2024, "29-2071", a_mean=40000, occ_title="Old code"),
            synthetic_row(
                2025,
                "29-2072",
                a_mean=55000,
                naics="622000",
                naics_title="Hospitals",
                i_group="3-digit",
                own_code="5",
                occ_title="Medical Records Specialists",
            ),
        ]
    )


def test_a_known_occupation_is_returned(frame):
    assert parameters.check_occupation(frame, "29-2072") == "29-2072"
    assert parameters.check_occupation(frame, " 29-2072 ") == "29-2072"


def test_an_unknown_occupation_lists_what_is_available(frame):
    with pytest.raises(ValueError) as error:
        parameters.check_occupation(frame, "29-9999")
    message = str(error.value)
    assert "29-9999" in message
    assert "00-0000 All Occupations" in message and "29-2072 Medical Records Specialists" in message
    assert "data_dirs" in message


@pytest.mark.parametrize("bad", ["292072", "nurses", 292072, None])
def test_a_malformed_code_is_refused_with_the_list(frame, bad):
    with pytest.raises(ValueError, match="SOC code written like '29-2072'.*29-2072 Medical Records Specialists"):
        parameters.check_occupation(frame, bad)


def test_occupations_accepts_a_string_and_drops_repeats(frame):
    assert parameters.check_occupations(frame, "29-2072") == ["29-2072"]
    assert parameters.check_occupations(frame, ["29-2072", "00-0000", "29-2072"]) == ["29-2072", "00-0000"]
    with pytest.raises(ValueError, match="empty"):
        parameters.check_occupations(frame, [])


def test_year_none_is_the_latest_release_of_the_occupation(frame):
    assert parameters.check_year(frame, None) == 2025
    assert parameters.check_year(frame, None, occupation="29-2071") == 2024


def test_a_year_not_loaded_lists_the_years(frame):
    with pytest.raises(ValueError, match=r"year 2020 is not available.*\[2024, 2025\].*him-wages fetch"):
        parameters.check_year(frame, 2020)


def test_a_loaded_year_without_the_occupation_says_so(frame):
    with pytest.raises(ValueError, match=r"publish 29-2071: \[2024\].*May 2025 is loaded but does not publish"):
        parameters.check_year(frame, 2025, occupation="29-2071")


@pytest.mark.parametrize("bad", ["2025", 2025.0, True])
def test_a_year_must_be_a_whole_number(frame, bad):
    with pytest.raises(ValueError, match="year must be a release year"):
        parameters.check_year(frame, bad)


def test_naics_level_lists_the_levels_present(frame):
    assert industry.check_naics_level(frame, "3-digit", "29-2072", 2025) == "3-digit"
    with pytest.raises(ValueError, match=r"naics_level '4-digit' is not available; choose one of: '3-digit'"):
        industry.check_naics_level(frame, "4-digit", "29-2072", 2025)
    with pytest.raises(ValueError, match="national level only"):
        industry.check_naics_level(frame, "3-digit", "29-2072", 2024)


@pytest.mark.parametrize("bad", [0, -3, 2.5, "15", True])
def test_top_n_must_be_a_positive_whole_number(bad):
    with pytest.raises(ValueError, match="top_n must be a whole number"):
        parameters.check_positive_int("top_n", bad)
    assert parameters.check_positive_int("top_n", 15) == 15


def test_data_dirs_must_exist(tmp_path):
    assert parameters.check_data_dirs([]) == []
    assert parameters.check_data_dirs(str(tmp_path)) == [tmp_path]
    with pytest.raises(ValueError, match="do not exist"):
        parameters.check_data_dirs([tmp_path / "missing"])


def test_many_occupations_are_summarised_not_dumped():
    # synthetic: 60 made-up codes
    frame = synthetic_frame([synthetic_row(2025, f"11-{i:04d}", a_mean=50000) for i in range(60)])
    with pytest.raises(ValueError, match="60 codes from 11-0000 to 11-0059") as error:
        parameters.check_occupation(frame, "29-2072")
    assert len(str(error.value)) < 1500


def test_lists_and_releases_in_plain_words():
    assert parameters.words_list([]) == ""
    assert parameters.words_list(["sector"]) == "sector"
    assert parameters.words_list(["sector", "3-digit"]) == "sector and 3-digit"
    assert parameters.words_list(["a", "b", "c"]) == "a, b and c"
    assert parameters.releases_in_words([]) == "no release"
    assert parameters.releases_in_words([2025]) == "one release, May 2025"
    assert parameters.releases_in_words([2025, 2011, 2012]) == "3 releases, May 2011 to May 2025"
    # one ordinal for every sentence (a claim's rank, the salary's percentile in the comparison)
    assert [parameters.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "101st",
        "111th",
    ]


def test_occupation_in_words_escapes_the_title(frame):
    assert parameters.occupation_in_words(frame, "29-2072") == "Medical Records Specialists (29-2072)"
    # synthetic: a hostile title shows literally
    hostile = synthetic_frame([synthetic_row(2025, "29-2072", a_mean=1, occ_title="<b>x</b> [y](javascript:z)")])
    text = parameters.occupation_in_words(hostile, "29-2072")
    assert text == "&lt;b&gt;x&lt;/b&gt; \\[y\\]\\(javascript:z\\) (29-2072)"
