"""CSV import of arrangements: bad rows reported by line, good rows kept, re-import changes nothing."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.imports import ImportFileError, import_arrangements
from bot.services.search import search
from storage.models import Arrangement, Partner

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "ref,title,nature,partner,member_state,programme,signed_on,ends_on,support_kinds,sdgs,summary,is_sample\n"
)


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "arrangements.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Arrangement)) or 0


def test_bad_rows_are_reported_by_line_and_good_rows_kept(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "T-1,Sample one,loa,Sample partner A,Kenya,,2020-01-02,,financial,14,ok,true\n"
        "T-2,Sample two,treaty,Sample partner A,,,,,,,,true\n"
        'T-3,"Sample three, on\ntwo lines",mou,Sample partner B,,djibouti-code,2021-05-01,,,,,true\n'
        "T-4,Sample four,ipa,Sample partner B,,,2021-13-01,,,,,true\n"
        "T-5,Sample five,ipa,,,,,,,,,true\n"
        "T-6,Sample six,ipa,Sample partner C,,nowhere,,,,,,true\n"
        "T-7,Sample seven,mou,Sample partner C,,,2021-01-01,2020-01-01,,,,true\n"
        "T-8,Sample eight,mou,Sample partner C,,,,,,99,,true\n"
        "T-9,Sample nine,mou,Sample partner C,,,,,gifts,,,true\n"
        "T-1,Sample one again,loa,Sample partner A,,,,,,,,true\n"
        "T-10,Sample ten,framework agreement,Sample partner C,,,,,,,,maybe\n",
    )
    report = import_arrangements(session, path)
    assert (report.inserted, report.updated, report.unchanged) == (2, 0, 0)
    reasons = dict(report.errors)
    assert sorted(reasons) == [3, 6, 7, 8, 9, 10, 11, 12, 13]
    assert "nature 'treaty'" in reasons[3]
    assert "signed_on '2021-13-01'" in reasons[6]
    assert reasons[7] == "partner is empty"
    assert "programme 'nowhere'" in reasons[8]
    assert reasons[9] == "ends_on is before signed_on"
    assert "sdgs" in reasons[10] and "support_kinds 'gifts'" in reasons[11]
    assert reasons[12] == "ref 'T-1' already appears on line 2"
    assert "is_sample 'maybe'" in reasons[13]
    three = session.scalars(select(Arrangement).where(Arrangement.ref == "T-3")).one()
    assert three.programme is not None and three.programme.slug == "djibouti-code" and three.nature == "mou"
    assert [hit.record.ref for hit in search(session, "arrangements", "two lines").hits] == ["T-3"]


def test_reimporting_the_same_file_changes_nothing(session: Session, tmp_path: Path) -> None:
    sample = ROOT / "examples" / "arrangements.sample.csv"
    first = import_arrangements(session, sample)
    assert first.inserted >= 5 and first.errors == []
    before = {a.ref: a.updated_at for a in session.scalars(select(Arrangement))}
    partners = session.scalar(select(func.count()).select_from(Partner))
    second = import_arrangements(session, sample)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, first.inserted)
    assert {a.ref: a.updated_at for a in session.scalars(select(Arrangement))} == before
    assert session.scalar(select(func.count()).select_from(Partner)) == partners


def test_a_changed_row_is_updated_in_place(session: Session, tmp_path: Path) -> None:
    import_arrangements(session, write(tmp_path, "T-1,Sample one,loa,Sample partner A,Kenya,,,,,,old,true\n"))
    report = import_arrangements(
        session, write(tmp_path, "T-1,Sample one,loa,Sample partner A,Ghana,,,,,,new,true\n")
    )
    assert (report.inserted, report.updated) == (0, 1)
    assert [hit.record.ref for hit in search(session, "arrangements", "ghana").hits] == ["T-1"]
    assert search(session, "arrangements", "kenya").total == 0


def test_the_sample_file_holds_only_marked_fictional_records(session: Session) -> None:
    import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    arrangements = list(session.scalars(select(Arrangement)))
    assert arrangements and all(a.is_sample and a.partner.is_sample for a in arrangements)
    assert all(a.partner.name.startswith("Sample partner") and "SAMPLE" in a.summary for a in arrangements)


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("ref,title,nature\n", "missing column(s) partner"),
        (HEADER.rstrip() + ",colour\n", "unknown column(s) colour"),
        ("ref,ref,title,nature,partner\n", "column(s) given more than once: ref"),
        ("ref,title,Nature,nature ,partner\n", "column(s) given more than once: nature"),
    ],
)
def test_a_wrong_header_rejects_the_file_and_changes_nothing(
    session: Session, tmp_path: Path, header: str, problem: str
) -> None:
    before = count(session)
    with pytest.raises(ImportFileError, match=re.escape(problem)):
        import_arrangements(session, write(tmp_path, "T-1,x,loa,y\n", header=header))
    assert count(session) == before


def test_a_file_that_is_not_utf8_csv_is_refused(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportFileError, match="not a text file"):
        import_arrangements(session, path)


def test_a_header_of_thousands_of_unknown_columns_is_summed_up(session: Session, tmp_path: Path) -> None:
    header = HEADER.rstrip() + "," + ",".join(f"extra_{n}" for n in range(100_000)) + "\n"
    with pytest.raises(ImportFileError) as refused:
        import_arrangements(session, write(tmp_path, "", header=header))
    message = str(refused.value)
    assert "extra_0, extra_1, extra_2, extra_3, extra_4 and 99,995 more" in message and len(message) < 1000


def test_excel_in_french_settings_semicolons_and_windows_1252_are_read(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    text = (
        "ref;title;nature;partner;is_sample\n"
        "X-1;Séminaire régional de sécurité;loa;Partenaire échantillon;true\n"
    )
    path.write_bytes(text.encode("cp1252"))
    report = import_arrangements(session, path)
    assert (report.inserted, report.errors, report.encoding, report.delimiter) == (1, [], "Windows-1252", ";")
    stored = session.scalars(select(Arrangement).where(Arrangement.ref == "X-1")).one()
    assert (
        stored.title == "Séminaire régional de sécurité" and stored.partner.name == "Partenaire échantillon"
    )


@pytest.mark.parametrize(("prefix", "said"), [(b"\xef\xbb\xbf", "UTF-8 with BOM"), (b"", "UTF-8")])
def test_utf8_with_or_without_a_bom_is_read_and_said(
    session: Session, tmp_path: Path, prefix: bytes, said: str
) -> None:
    path = tmp_path / "utf8.csv"
    path.write_bytes(prefix + "ref,title,nature,partner\nY-1,Côte d’Ivoire,mou,Partenaire\n".encode())
    report = import_arrangements(session, path)
    assert (report.inserted, report.encoding, report.delimiter) == (1, said, ",")
    assert "read as " + said in report.read_as


def test_every_problem_of_a_row_is_reported_at_once(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "ref,title,nature,partner,signed_on,sdgs,is_sample\nZ-1,,gift,Partner,2023-13-01,18,perhaps\n",
        encoding="utf-8",
    )
    report = import_arrangements(session, path)
    ((line, reason),) = report.errors
    assert line == 2
    for problem in ("title is empty", "nature 'gift'", "signed_on '2023-13-01'", "sdgs must be", "is_sample"):
        assert problem in reason
