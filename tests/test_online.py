"""check-online on recorded Crossref answers: retries, malformed answers, exit codes, and the
stale-evidence alarm for superseded Cochrane reviews. No test reaches the network."""
import json

import pytest
import requests
import responses
from urllib3.response import HTTPResponse

from conftest import FIXTURES
from guide import bibliography, online
from guide.__main__ import EXIT_CLEAN, EXIT_OFFLINE, EXIT_PROBLEMS, main

BIB = bibliography.load(FIXTURES / "bib" / "good.bib")
SMITH = online.CROSSREF + "10.1000/fixture.2020.1"
MALFORMED = sorted((FIXTURES / "crossref" / "malformed").iterdir())
COCHRANE_BIB = bibliography.parse("""@article{geretsegger2014music,
  author   = {Geretsegger, Monika and Elefant, Cochavit},
  title    = {Music therapy for people with autism spectrum disorder},
  journal  = {Cochrane Database of Systematic Reviews},
  year     = {2014},
  number   = {6},
  pages    = {CD004381},
  doi      = {10.1002/14651858.CD004381.pub3},
  evidence = {E1-SR-GRADE},
  verified = {2026-11-25; fixture entry, checked against nothing real},
  access   = {open}
}
""")
PUB = online.CROSSREF + "10.1002/14651858.CD004381.pub{}"


def recorded(name):
    return (FIXTURES / "crossref" / name).read_bytes()


def quick():
    return online.make_session(backoff=0)


@responses.activate
def test_busy_and_failing_answers_are_retried_then_read():
    responses.get(SMITH, status=503)
    responses.get(SMITH, status=429, headers={"Retry-After": "0"})
    responses.get(SMITH, body=recorded("smith-match.json"))
    assert online.check(BIB, quick()) == []
    assert len(responses.calls) == 3


@responses.activate
def test_retries_are_bounded_and_a_crossref_that_keeps_failing_counts_as_offline():
    responses.get(SMITH, status=502)
    with pytest.raises(online.Offline, match="502"):
        online.check(BIB, quick())
    assert len(responses.calls) == online.ATTEMPTS


def test_a_long_retry_after_is_cut_short():
    retry = online.CappedRetry(total=3, respect_retry_after_header=True)
    assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "3600"})) == online.RETRY_AFTER_MAX
    assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": "5"})) == 5


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
@responses.activate
def test_each_malformed_answer_is_one_problem_not_a_traceback(path):
    responses.get(SMITH, body=path.read_bytes())
    (problem,) = online.check(BIB, quick())
    assert problem.rule == "online-malformed" and "\n" not in str(problem)
    assert problem.message.startswith("smith2020music: Crossref's answer for DOI 10.1000/fixture.2020.1")


def test_at_least_eight_kinds_of_malformed_answer_are_recorded():
    assert len(MALFORMED) >= 8


@responses.activate
def test_a_non_json_answer_says_so():
    responses.get(SMITH, body=recorded("malformed/not-json.txt"))
    (problem,) = online.check(BIB, quick())
    assert "(it is not JSON)" in problem.message


@responses.activate
def test_a_newer_cochrane_version_at_crossref_is_reported_as_superseded():
    responses.get(PUB.format(3), body=recorded("cochrane-pub3.json"))
    responses.get(PUB.format(4), body=recorded("cochrane-pub4.json"))
    responses.get(PUB.format(5), status=404)
    (problem,) = online.check(COCHRANE_BIB, quick())
    assert problem.rule == "online-superseded" and "10.1002/14651858.CD004381.pub4" in problem.message
    assert problem.line == 8  # the doi field


@responses.activate
def test_crossref_update_data_reports_a_superseded_review_without_probing():
    # no .pub4 answer is recorded: a probe would fail the test as a connection error
    responses.get(PUB.format(3), body=recorded("cochrane-pub3-updated-by.json"))
    (problem,) = online.check(COCHRANE_BIB, quick())
    assert problem.rule == "online-superseded" and "pub4 (new_version)" in problem.message


@responses.activate
def test_a_correction_does_not_supersede_and_the_latest_version_is_quiet():
    responses.get(PUB.format(3), body=recorded("cochrane-pub3-corrected.json"))
    responses.get(PUB.format(4), status=404)
    assert online.check(COCHRANE_BIB, quick()) == []


@responses.activate
def test_a_retired_entry_raises_no_stale_evidence_alarm():
    retired = bibliography.parse((
        "@article{geretsegger2014music,\n  author = {Geretsegger, Monika},\n"
        "  title = {Music therapy for people with autism spectrum disorder},\n"
        "  journal = {Cochrane Database of Systematic Reviews},\n  year = {2014},\n"
        "  doi = {10.1002/14651858.CD004381.pub3},\n  evidence = {E1-SR-GRADE},\n"
        "  verified = {2026-11-25; fixture entry, checked against nothing real},\n"
        "  access = {open},\n  status = {retired}\n}\n"))
    responses.get(PUB.format(3), body=recorded("cochrane-pub3-updated-by.json"))
    assert online.check(retired, quick()) == []


@responses.activate
@pytest.mark.parametrize("answer, code", [
    ({"body": recorded("smith-match.json")}, EXIT_CLEAN),
    ({"body": recorded("smith-mismatch.json")}, EXIT_PROBLEMS),
    ({"body": recorded("malformed/no-title.json")}, EXIT_PROBLEMS),
    ({"body": requests.ConnectionError("no route to host")}, EXIT_OFFLINE),
    ({"status": 503}, EXIT_OFFLINE),
])
def test_exit_codes_tell_clean_from_problems_from_offline(fixture_site, monkeypatch, capsys, answer, code):
    monkeypatch.setattr(online, "BACKOFF", 0)
    responses.get(SMITH, **answer)
    assert main(["--root", str(fixture_site), "check-online"]) == code
    assert "Traceback" not in capsys.readouterr().err
    assert (EXIT_CLEAN, EXIT_PROBLEMS, EXIT_OFFLINE) == (0, 1, 3)
