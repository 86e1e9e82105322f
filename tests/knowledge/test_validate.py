"""Validation of the content files: every kind of error names the file, the item and the problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge.schema import Content
from knowledge.validate import ContentError, load_sections, main, read_content, read_texts

CODES = """
codes:
  - code: Z
    name: Ziekte
    category: gewettigd
    summary: De leerling is ziek.
    reasons:
      - id: z-verklaring-ouders
        text: Een briefje van de ouders.
        limit: hoogstens 3 opeenvolgende kalenderdagen
        sections: [terminologie.2.1]
    sections: [terminologie.2.1]
  - code: B
    name: Ongewettigd
    category: problematisch
    summary: Spijbelen.
    sections: [terminologie.2.2]
"""

ABSENCE_TYPES = """
absence_types:
  - id: luxeverzuim
    name: Luxeverzuim
    group: spijbelvorm
    summary: Op reis buiten de schoolvakanties.
    signals: [Afwezig vlak voor of na een vakantie.]
    codes: [B]
    track: b-code
    sections: [terminologie.2.2]
"""

PARTNERS = """
partners:
  - id: school
    name: School
    kind: school
    description: Volgt de afwezigheden op.
    for_whom: Alle leerlingen.
    when: [Vanaf de eerste afwezigheid.]
    referral:
      who: [de ouders]
      how: [telefoon]
    sections: [actoren.2]
  - id: clb
    name: CLB
    kind: onderwijs
    description: Begeleidt leerlingen.
    for_whom: Leerlingen en ouders.
    when: [Vanaf 5 B-codes.]
    referral:
      who: [de school]
      how: [aanmelding door de school]
    phases: [1, 2]
    tracks: [b-code]
    sections: [actoren.4.1]
"""

TRACKS = """
tracks:
  - id: b-code
    name: Ongewettigde afwezigheid
    summary: Het zorgcontinuüm bij B-codes.
    phases:
      - number: 1
        name: Verhoogde zorg
        summary: De school neemt begeleidende maatregelen.
        steps:
          - id: b-eerste-gesprek
            actor: school
            action: Een vertrouwenspersoon van de school spreekt met de leerling.
            mandatory: true
            trigger: vanaf de eerste B-code
            min_b_codes: 1
            partners: [clb]
            sections: [actieplan.1.2]
        sections: [actieplan.1.2]
    sections: [actieplan.1.1]
"""

GLOSSARY = """
glossary:
  - term: CLB
    expansion: Centrum voor Leerlingenbegeleiding
    sections: [actoren.4.1]
"""

VALID = {
    "codes.yml": CODES,
    "absence_types.yml": ABSENCE_TYPES,
    "partners.yml": PARTNERS,
    "tracks.yml": TRACKS,
    "glossary.yml": GLOSSARY,
    "texts/engine.yml": """
texts:
  engine.reason.count:
    default: "De leerling heeft {count} B-codes."
    parent: "Je kind heeft {count} B-codes."
  engine.reason.plain: "Zonder plaatshouders."
""",
}


def write_content(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return content


def errors_for(tmp_path: Path, **changes: str) -> list[str]:
    """The validation errors of the valid content with some files replaced or added."""
    files = dict(VALID)
    files.update({name.replace("__", "."): text for name, text in changes.items()})
    with pytest.raises(ContentError) as excinfo:
        read_content(write_content(tmp_path, files))
    return excinfo.value.errors


def only(errors: list[str]) -> str:
    assert len(errors) == 1, errors
    return errors[0]


def test_valid_content_passes(tmp_path: Path) -> None:
    content = read_content(write_content(tmp_path, VALID))
    assert isinstance(content, Content)
    assert [c.code for c in content.codes] == ["Z", "B"]
    assert [p.id for p in content.partners] == ["school", "clb"]
    assert content.tracks[0].phases[0].steps[0].partners == ["clb"]


def test_a_collection_may_be_spread_over_files(tmp_path: Path) -> None:
    extra = """
    partners:
      - id: naft
        name: NAFT
        kind: traject
        description: Trajecten tegen schooluitval.
        for_whom: Jongeren in het secundair.
        when: [Als de school het alleen niet redt.]
        referral: {who: [het CLB], how: [aanmelding]}
        sections: [actoren.10.1]
    """
    content = read_content(write_content(tmp_path, {**VALID, "partners-extra.yml": extra}))
    # Files are read in name order: partners-extra.yml before partners.yml.
    assert [p.id for p in content.partners] == ["naft", "school", "clb"]


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, kapot__yml="codes:\n  - code: Z\n    name: [niet gesloten\n"))
    assert message.startswith("content/kapot.yml: geen geldige YAML")


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, lijst__yml="- een\n- twee\n"))
    assert message.startswith("content/lijst.yml: ")
    assert "mapping" in message


def test_unknown_collection(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, extra__yml="partner:\n  - id: x\n"))
    assert message == "content/extra.yml: partner: is geen gekend veld (tikfout of verkeerde plaats?)"


def test_wrong_type_names_file_item_and_field(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, tracks__yml=TRACKS.replace("mandatory: true", "mandatory: misschien")))
    assert message == (
        "content/tracks.yml: tracks[0] (id 'b-code'): phases.0.steps.0.mandatory: moet true of false zijn"
    )


def test_wrong_type_for_a_list(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, partners__yml=PARTNERS.replace("phases: [1, 2]", "phases: twee")))
    assert message.startswith("content/partners.yml: partners[1] (id 'clb'): phases: ")
    assert "lijst" in message


def test_missing_field(tmp_path: Path) -> None:
    broken = PARTNERS.replace("    description: Begeleidt leerlingen.\n", "")
    message = only(errors_for(tmp_path, partners__yml=broken))
    assert message == "content/partners.yml: partners[1] (id 'clb'): description: ontbreekt (dit veld is verplicht)"


def test_missing_referral_route(tmp_path: Path) -> None:
    broken = PARTNERS.replace("      how: [aanmelding door de school]\n", "      how: []\n")
    message = only(errors_for(tmp_path, partners__yml=broken))
    assert message.startswith("content/partners.yml: partners[1] (id 'clb'): referral.how: ")
    assert "minstens 1" in message


def test_unknown_field(tmp_path: Path) -> None:
    broken = PARTNERS.replace("    for_whom: Leerlingen en ouders.\n", "    voor_wie: Leerlingen en ouders.\n")
    errors = errors_for(tmp_path, partners__yml=broken)
    where = "content/partners.yml: partners[1] (id 'clb')"
    assert f"{where}: voor_wie: is geen gekend veld (tikfout of verkeerde plaats?)" in errors
    assert f"{where}: for_whom: ontbreekt (dit veld is verplicht)" in errors


def test_bad_id_and_bad_value(tmp_path: Path) -> None:
    broken = PARTNERS.replace("id: clb", "id: CLB West").replace("kind: onderwijs", "kind: school-intern")
    errors = errors_for(tmp_path, partners__yml=broken)
    assert any(
        e.startswith("content/partners.yml: partners[1] (id 'CLB West'): id: ongeldige id 'CLB West'") for e in errors
    ), errors
    assert any(
        e.startswith("content/partners.yml: partners[1] (id 'CLB West'): kind: ongeldige waarde 'school-intern'")
        and "'werk'" in e
        for e in errors
    ), errors


def test_unknown_section_id(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, partners__yml=PARTNERS.replace("[actoren.4.1]", "[actoren.4.9]")))
    assert message == (
        "content/partners.yml: partners (id 'clb'): sections: onbekende sectie 'actoren.4.9' (niet in sections.yml)"
    )


def test_unknown_section_id_in_a_nested_item(tmp_path: Path) -> None:
    broken = CODES.replace("        sections: [terminologie.2.1]", "        sections: [terminologie.9]")
    message = only(errors_for(tmp_path, codes__yml=broken))
    assert message == (
        "content/codes.yml: codes (id 'Z') reasons (id 'z-verklaring-ouders'): sections: "
        "onbekende sectie 'terminologie.9' (niet in sections.yml)"
    )


def test_missing_sections(tmp_path: Path) -> None:
    broken = GLOSSARY.replace("    sections: [actoren.4.1]\n", "    sections: []\n")
    message = only(errors_for(tmp_path, glossary__yml=broken))
    assert message.startswith("content/glossary.yml: glossary[0] (id 'CLB'): sections: ")


def test_unknown_partner_as_actor_of_a_step(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, tracks__yml=TRACKS.replace("actor: school", "actor: directie")))
    assert message == (
        "content/tracks.yml: tracks (id 'b-code') fase 1 steps (id 'b-eerste-gesprek'): "
        "actor: onbekende partner 'directie'"
    )


def test_unknown_partner_among_the_partners_of_a_step(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, tracks__yml=TRACKS.replace("partners: [clb]", "partners: [clb, naft]")))
    assert message == (
        "content/tracks.yml: tracks (id 'b-code') fase 1 steps (id 'b-eerste-gesprek'): "
        "partners: onbekende partner 'naft'"
    )


def test_unknown_partner_in_a_topic(tmp_path: Path) -> None:
    topic = """
    topics:
      - id: politie-onwil
        kind: politie
        title: Onwil van de ouders
        summary: De school meldt onwil bij de politie.
        partners: [politie]
        sections: [actoren.12]
    """
    message = only(errors_for(tmp_path, topics__yml=topic))
    assert message == "content/topics.yml: topics (id 'politie-onwil'): partners: onbekende partner 'politie'"


def test_unknown_code_in_an_absence_type(tmp_path: Path) -> None:
    message = only(errors_for(tmp_path, absence_types__yml=ABSENCE_TYPES.replace("codes: [B]", "codes: [B, R]")))
    assert message == "content/absence_types.yml: absence_types (id 'luxeverzuim'): codes: onbekende code 'R'"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    copy = PARTNERS.split("  - id: clb")[0]  # the partner 'school' once more
    message = only(errors_for(tmp_path, partners_kopie__yml=copy))
    assert message == (
        "content/partners.yml, content/partners_kopie.yml: partners (id 'school'): "
        "deze id komt 2 keer voor; elke id moet uniek zijn"
    )


def test_duplicate_step_id(tmp_path: Path) -> None:
    second = TRACKS.replace("id: b-code", "id: ziekte").replace("number: 1", "number: 2")
    message = only(errors_for(tmp_path, tracks2__yml=second))
    assert message == (
        "content/tracks.yml, content/tracks2.yml: steps (id 'b-eerste-gesprek'): "
        "deze id komt 2 keer voor; elke id moet uniek zijn"
    )


def test_duplicate_phase_in_a_track(tmp_path: Path) -> None:
    phase = TRACKS.split("    phases:\n")[1].split("    sections: [actieplan.1.1]")[0]
    broken = TRACKS.replace(phase, phase + phase.replace("b-eerste-gesprek", "b-ander-gesprek"))
    message = only(errors_for(tmp_path, tracks__yml=broken))
    assert message == "content/tracks.yml: tracks[0] (id 'b-code'): phases: elke fase mag maar één keer voorkomen"


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    errors = errors_for(
        tmp_path,
        kapot__yml="codes: [\n",
        glossary__yml=GLOSSARY.replace("    expansion: Centrum voor Leerlingenbegeleiding\n", ""),
    )
    assert len(errors) == 2
    assert errors[0].startswith("content/glossary.yml: glossary[0] (id 'CLB'): expansion: ontbreekt")
    assert errors[1].startswith("content/kapot.yml: geen geldige YAML")


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    with pytest.raises(ContentError) as excinfo:
        read_content(tmp_path / "leeg")
    assert "geen inhoudsbestanden (*.yml) gevonden" in only(excinfo.value.errors)


def test_command_line_reports_errors_in_dutch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_content(tmp_path, {**VALID, "tracks.yml": TRACKS.replace("actor: school", "actor: directie")})
    assert main([str(content)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("De inhoud bevat 1 fout(en):\n")
    assert "onbekende partner 'directie'" in err


def test_command_line_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(write_content(tmp_path, VALID))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Inhoud in orde (codes: 2, absence_types: 1, partners: 2")
    assert out.rstrip().endswith("teksten: 2).")


def text_errors(tmp_path: Path, **files: str) -> list[str]:
    """The validation errors of the text catalogue with some files of ``content/texts`` replaced or added."""
    content = write_content(tmp_path, {**VALID, **{f"texts/{n.replace('__', '.')}": t for n, t in files.items()}})
    with pytest.raises(ContentError) as excinfo:
        read_texts(content / "texts")
    return excinfo.value.errors


def test_valid_texts_pass(tmp_path: Path) -> None:
    texts = read_texts(write_content(tmp_path, VALID) / "texts")
    assert texts["engine.reason.count"]["parent"] == "Je kind heeft {count} B-codes."
    assert texts["engine.reason.plain"] == {"default": "Zonder plaatshouders."}


def test_text_without_default(tmp_path: Path) -> None:
    errors = text_errors(tmp_path, extra__yml='texts:\n  x.alleen_ouders:\n    parent: "Je kind."\n')
    assert only(errors) == "texts/extra.yml: tekst 'x.alleen_ouders': heeft geen 'default'"


def test_text_with_other_placeholders_in_a_variant(tmp_path: Path) -> None:
    extra = 'texts:\n  x.telling:\n    default: "Met {count} B-codes."\n    youth: "Met {aantal} B-codes."\n'
    assert only(text_errors(tmp_path, extra__yml=extra)) == (
        "texts/extra.yml: tekst 'x.telling', variant 'youth': andere plaatshouders dan 'default' "
        "({aantal} in plaats van {count})"
    )


def test_duplicate_text_key_across_files(tmp_path: Path) -> None:
    extra = 'texts:\n  engine.reason.plain: "Nog eens."\n'
    assert only(text_errors(tmp_path, extra__yml=extra)) == (
        "texts/extra.yml: tekst 'engine.reason.plain': staat ook in texts/engine.yml; elke sleutel mag maar één "
        "keer voorkomen"
    )


def test_every_text_error_is_reported_at_once(tmp_path: Path) -> None:
    errors = text_errors(
        tmp_path,
        a__yml='texts:\n  x.rol:\n    default: "Tekst."\n    teacher: "Tekst."\n  x.accolade: "Een { te veel."\n',
        b__yml="texts: [\n",
        c__yml="andere: {}\n",
        d__yml='texts:\n  x.leeg: ""\n  x.positie: "Met {0} codes."\n',
    )
    assert len(errors) == 6, errors
    assert errors[0].startswith("texts/a.yml: tekst 'x.rol': onbekende varianten ['teacher']")
    assert errors[1].startswith("texts/a.yml: tekst 'x.accolade', variant 'default': ongeldige accolades")
    assert errors[2].startswith("texts/b.yml: geen geldige YAML")
    assert errors[3] == "texts/c.yml: verwacht een sleutel 'texts' met een mapping"
    assert errors[4] == "texts/d.yml: tekst 'x.leeg', variant 'default': mag niet leeg zijn"
    assert errors[5].startswith("texts/d.yml: tekst 'x.positie', variant 'default': plaatshouder {0} moet een naam")


def test_command_line_reports_text_errors_with_content_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_content(
        tmp_path,
        {
            **VALID,
            "tracks.yml": TRACKS.replace("actor: school", "actor: directie"),
            "texts/extra.yml": 'texts:\n  x.alleen_jongeren:\n    youth: "Jij."\n',
        },
    )
    assert main([str(content)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("De inhoud bevat 2 fout(en):\n")
    assert "onbekende partner 'directie'" in err
    assert "texts/extra.yml: tekst 'x.alleen_jongeren': heeft geen 'default'" in err


def test_command_line_needs_the_text_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_content(tmp_path, {k: v for k, v in VALID.items() if not k.startswith("texts/")})
    assert main([str(content)]) == 1
    assert "geen tekstbestanden (*.yml) gevonden" in capsys.readouterr().err


def test_the_real_content_is_valid() -> None:
    content = read_content()
    assert content.codes and content.partners and content.tracks


def test_sections_file_has_55_sections() -> None:
    sections = load_sections()
    assert len(sections) == 55
    assert len({s.id for s in sections}) == 55
