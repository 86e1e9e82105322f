"""Which partner fits (knowledge/guidance/partners.py).

Every situation names in a comment the lines of ../shared/sources/draaiboek-afwezig-op-school.txt that make its
answer right.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
import yaml

from knowledge.guidance.common import MissingContent
from knowledge.guidance.partners import (
    CONCERNS,
    TRACKS,
    PartnerAdvice,
    PartnerSituation,
    advise_partners,
    referral_route,
    rule_partner_ids,
    secondary_only,
)
from knowledge.repository import KnowledgeRepository
from knowledge.schema import Partner
from knowledge.texts import ROLES

SECTIONS_FILE = Path(__file__).resolve().parents[3] / "knowledge" / "sections.yml"


def advise(repo: KnowledgeRepository, *args: object, **kwargs: object) -> PartnerAdvice:
    return advise_partners(PartnerSituation(*args, **kwargs), repo)  # type: ignore[arg-type]


def top(advice: PartnerAdvice, n: int) -> list[str]:
    return list(advice.partner_ids[:n])


def left_out(advice: PartnerAdvice) -> dict[str, str]:
    return {lo.id: lo.why.key for lo in advice.left_out}


# -- the examples of the brief ------------------------------------------------------------------------
def test_stuck_after_clb_and_naft_is_rots(repo: KnowledgeRepository) -> None:
    # Lines 1740-1751 (actoren.15.1): the CLB calls in ROTS when the youth followed NAFT before and a new referral
    # is not opportune, or stays absent despite school, CLB and NAFT; lines 2358-2362 (actieplan.1.4): ROTS in
    # phase 3, called in by phone or mail by the CLB or the jeugdhulp.
    advice = advise(repo, "b-code", 3, tried=("clb", "naft"), concerns=("stuck",))
    rots = advice.partners[0]
    assert rots.id == "rots"
    assert {"actoren.15.1", "actieplan.1.4"} <= set(rots.why.sections)
    assert [r.key for r in rots.reasons][:2] == ["partners.why.stuck.rots", "partners.why.rots_after_clb_and_naft"]
    assert rots.referral.route == "clb"
    assert {"telefoon", "mail"} <= set(rots.referral.how)
    assert "naft" not in advice.partner_ids
    assert left_out(advice)["naft"] == "partners.left_out.naft_again"
    assert advice.summary.startswith("Best passend: ROTS")


def test_worry_about_safety_at_home_is_vk_or_ocj_through_the_clb(repo: KnowledgeRepository) -> None:
    # Lines 1478-1484 and 1495-1498 (actoren.11): the VK for every situation of violence against children, advice
    # and consult; lines 1421-1437: the OCJ (consult, then a referral with an M-document); lines 861-867
    # (actoren.4.2) and 2264-2278 (actieplan.1.3): the CLB-medewerker refers with the M-document.
    advice = advise(repo, "b-code", 2, concerns=("home_safety",))
    assert top(advice, 3) == ["vk", "ocj", "clb"]
    for pid in ("vk", "ocj"):
        fit = advice.get(pid)
        assert fit is not None
        assert fit.referral.route == "clb"
        assert "M-document" in " ".join(fit.referral.how)
        assert "actoren.11" in fit.why.sections
    clb = advice.get("clb")
    assert clb is not None
    assert clb.why.key == "partners.why.clb_gateway"
    assert clb.why.text == "Het CLB meldt aan bij VK en OCJ; de school doet dat niet zelf."
    keys = [r.key for r in advice.reasons]
    assert "partners.reason.home_safety" in keys
    # no talk with the parents first, no police: the worry is about home
    assert "partners.reason.school_first" not in keys
    assert "partners.reason.police_only_when" not in keys
    assert "politie" not in advice.partner_ids


def test_safety_at_home_counts_in_every_track(repo: KnowledgeRepository) -> None:
    # Lines 1383-1399 and 1513-1517 (actoren.11): verontrusting is about the minor's integrity and chances, not
    # about the kind of absence.
    for track in ("ziekte", "schoolweigering", "uitstroom"):
        assert top(advise(repo, track, 2, concerns=("home_safety",)), 2) == ["vk", "ocj"], track


def test_unwilling_parents_is_the_police_route(repo: KnowledgeRepository) -> None:
    # Lines 1559-1565 (actoren.12): the CLB establishes onwil; the school reports to the contact point of the local
    # police with a standard meldingsfiche (absence list added, contacts with the CLB mentioned); lines 868-871
    # (actoren.4.2): in close consultation with the CLB; lines 2272-2273 (actieplan.1.3): onwil may also lead to a
    # gemandateerde voorziening.
    advice = advise(repo, "b-code", 1, parents="unwilling")
    assert top(advice, 3) == ["politie", "clb", "ocj"]
    police = advice.partners[0]
    assert police.referral.route == "school_with_clb"
    assert any("meldingsfiche" in d for d in police.referral.documents)
    assert {"actoren.12", "actoren.4.2"} <= set(police.why.sections)
    assert "partners.reason.unwilling" in [r.key for r in advice.reasons]
    with_clb = next(r for r in advice.reasons if r.key == "partners.reason.school_with_clb")
    assert "Lokale politie" in with_clb.text
    assert "actoren.12" in with_clb.sections


def test_powerless_parents_get_help_never_the_police(repo: KnowledgeRepository) -> None:
    # Lines 875-878 (actoren.4.2) and 1545-1549 (actoren.12): onmacht needs guidance and support, a referral to
    # help; lines 316-318 (terminologie.2.2): support from school and CLB; lines 1148-1150 (actoren.8): the
    # brugfiguur supports parents in their opvoedingstaak; lines 841-845: CAW and gezinsbegeleiding through the CLB.
    advice = advise(repo, "b-code", 2, parents="powerless")
    assert top(advice, 4) == ["clb", "brugfiguur", "gezinsbegeleiding", "caw"]
    assert "politie" not in advice.partner_ids
    assert left_out(advice)["politie"] == "partners.left_out.police_powerless"
    for pid in ("gezinsbegeleiding", "caw"):
        fit = advice.get(pid)
        assert fit is not None and fit.referral.route == "clb", pid


def test_powerless_parents_and_a_refusing_pupil_still_no_police(repo: KnowledgeRepository) -> None:
    # Lines 875-878 (actoren.4.2): with onmacht the route is help, not the police; the onbuigzaamheid route of
    # lines 1583-1597 would point the parents to the law, which onmacht does not call for.
    advice = advise(repo, "b-code", 1, parents="powerless", pupil_refuses=True)
    assert "politie" not in advice.partner_ids
    assert "politie" in left_out(advice)


def test_unreachable_parents_first_every_attempt_then_the_police(repo: KnowledgeRepository) -> None:
    # Lines 1553-1557 (actoren.12) and 882-885 (actoren.4.2): after every attempt (phone, letter, home visit)
    # without result, parents who keep themselves unreachable may count as unwilling; the school may assess that
    # with the police.
    advice = advise(repo, "b-code", 1, parents="unreachable")
    assert top(advice, 2) == ["clb", "politie"]
    assert advice.partners[1].why.key == "partners.why.unreachable.politie"
    assert "partners.reason.unreachable" in [r.key for r in advice.reasons]


def test_a_refusing_pupil_brings_the_police_with_a_contract(repo: KnowledgeRepository) -> None:
    # Lines 1583-1597 (actoren.12): onbuigzaamheid: the school reports with the meldingsfiche; the police holds a
    # warning talk and draws up an antispijbelcontract that parents and pupil sign.
    advice = advise(repo, "b-code", 1, parents="cooperative", pupil_refuses=True)
    police = advice.partners[0]
    assert police.id == "politie"
    assert police.why.key == "partners.why.refuses.politie"
    assert "antispijbelcontract" in police.why.text


def test_a_broken_contract_goes_to_the_ocj_not_back_to_the_police(repo: KnowledgeRepository) -> None:
    # Lines 1598-1604 (actoren.12): a contract that is not kept: no new report to the police, no PV; the CLB may
    # make an M-document for a gemandateerde voorziening (VOS) and add the contract.
    advice = advise(repo, "b-code", 2, tried=("politie",), pupil_refuses=True)
    assert "politie" not in advice.partner_ids
    assert left_out(advice)["politie"] == "partners.left_out.police_after_contract"
    ocj = advice.get("ocj")
    assert ocj is not None
    assert ocj.why.key == "partners.why.ocj_after_contract"
    assert advice.partner_ids[0] == "ocj"


def test_unwilling_parents_after_a_first_report_a_second_one(repo: KnowledgeRepository) -> None:
    # Lines 1577-1581 (actoren.12): absences that go on after a report for onwil: a new report by the school with a
    # recent registratiefiche, then a PV.
    advice = advise(repo, "b-code", 1, parents="unwilling", tried=("politie",))
    police = advice.partners[0]
    assert police.id == "politie"
    assert police.why.key == "partners.why.police_second_report"
    assert "politie" not in left_out(advice)


def test_welfare_or_poverty(repo: KnowledgeRepository) -> None:
    # Lines 1145-1152 (actoren.8): the brugfiguur for vulnerable families (housing, income, work), leading to help;
    # lines 1170-1171: with the OCMW; lines 841-849 (actoren.4.2): CAW and OCMW through the CLB; lines 982-1011
    # (actoren.5): the lokaal bestuur, with brugfiguren among its practices.
    advice = advise(repo, "b-code", 1, concerns=("welfare",))
    assert top(advice, 4) == ["brugfiguur", "ocmw", "caw", "lokaal-bestuur"]
    brugfiguur, ocmw = advice.partners[0], advice.partners[1]
    assert brugfiguur.referral.route == "direct"
    assert ocmw.referral.route == "clb"
    assert "actoren.8" in brugfiguur.why.sections


def test_mental_health_is_cgg_and_kjp_through_the_clb(repo: KnowledgeRepository) -> None:
    # Lines 841-849 (actoren.4.2) and 2245-2255 (actieplan.1.3): the CLB refers to the CGG (rechtstreeks
    # toegankelijke jeugdhulp) and to child and youth psychiatry (outside the integrale jeugdhulp).
    advice = advise(repo, "b-code", 1, concerns=("mental_health",))
    assert top(advice, 3) == ["cgg", "kjp", "clb"]
    assert all(advice.partners[i].referral.route == "clb" for i in (0, 1))
    via = next(r for r in advice.reasons if r.key == "partners.reason.via_clb")
    assert via.text.startswith("Via het CLB: CGG en Kinder- en jeugdpsychiatrie.")


def test_learning(repo: KnowledgeRepository) -> None:
    # Lines 1895-1904 (actieplan.1.1): specific educational needs, support by an ondersteuningsnetwerk; lines
    # 481-485 (aanbevelingen.inschrijving): consultation of parents, klassenraad and CLB; lines 1004-1007
    # (actoren.5): local actions against taal- and leerachterstand.
    advice = advise(repo, "b-code", 0, concerns=("learning",))
    assert top(advice, 3) == ["ondersteuningsnetwerk", "clb", "lokaal-bestuur"]


def test_newcomer_in_secondary_school(repo: KnowledgeRepository) -> None:
    # Lines 497-504 (aanbevelingen.inschrijving): after OKAN a former newcomer gets a vervolgcoach; contact for the
    # doorstroomdossier; an interpreter may help the talk with parents or guardian; line 2189 (actieplan.1.2).
    advice = advise(repo, "b-code", 1, concerns=("newcomer",), level="secundair")
    assert advice.partner_ids[0] == "vervolgschoolcoach"
    assert advice.partners[0].referral.route == "direct"
    assert "partners.reason.interpreter" in [r.key for r in advice.reasons]


def test_newcomer_in_primary_school_has_no_vervolgschoolcoach(repo: KnowledgeRepository) -> None:
    # Lines 497-499 (aanbevelingen.inschrijving): the vervolgcoach is for former newcomers in secondary school.
    advice = advise(repo, "b-code", 1, concerns=("newcomer",), level="basis")
    assert "vervolgschoolcoach" not in advice.partner_ids
    assert left_out(advice)["vervolgschoolcoach"] == "partners.left_out.secondary_only"


def test_stuck_and_a_clb_trajectory_also_agodi(repo: KnowledgeRepository) -> None:
    # Lines 1083-1084 (actoren.6) and 2283-2286 (actieplan.1.3): no improvement despite school and CLB: school or
    # CLB report a zorgwekkend dossier to AGODI.
    advice = advise(repo, "b-code", 2, tried=("clb",), concerns=("stuck",))
    assert top(advice, 2) == ["rots", "agodi"]
    clb = advice.get("clb")
    assert clb is not None and clb.why.key == "partners.why.clb_involved"


def test_a_transition_trajectory_that_did_not_work_is_rots(repo: KnowledgeRepository) -> None:
    # Line 1748 (actoren.15.1): a schoolextern trajectory that is evaluated negatively; the CLB calls in ROTS.
    advice = advise(repo, "b-code", 3, tried=("transitietraject",))
    assert advice.partner_ids[0] == "rots"
    assert advice.partners[0].why.key == "partners.why.rots_after_external"
    assert "transitietraject" in left_out(advice)


# -- per track and phase (the content) -----------------------------------------------------------------
def test_illness_phase_1_education_for_sick_pupils(repo: KnowledgeRepository) -> None:
    # Lines 1221-1229 (actoren.9): TOAH, synchronous internet education (Bednet), School & Ziek zijn; lines
    # 1188-1207: Klasziekaal as info and coordination point; lines 2576-2579 (actieplan.2.2): the checklists.
    advice = advise(repo, "ziekte", 1)
    assert {"toah", "bednet", "school-en-ziek-zijn", "klasziekaal"} <= set(top(advice, 4))
    assert "politie" not in advice.partner_ids
    toah = advice.get("toah")
    assert toah is not None and toah.referral.route == "direct"
    assert any("aanvraag" in h for h in toah.referral.how)


def test_illness_phase_2_hospital_school_and_k_dienst(repo: KnowledgeRepository) -> None:
    # Lines 2788-2809 (actieplan.2.3): a type 5-school in the hospital, a K-dienst, TOAH between treatments.
    advice = advise(repo, "ziekte", 2)
    assert {"type-5-school", "k-dienst", "toah"} <= set(top(advice, 3))
    assert advice.get("type-5-school").referral.route == "unknown"  # type: ignore[union-attr]


def test_illness_phase_3(repo: KnowledgeRepository) -> None:
    # Lines 2836-2882 (actieplan.2.4): POAH, uitstroombegeleiding, UpGrade, dagbesteding, ROTS.
    advice = advise(repo, "ziekte", 3)
    assert {"poah", "uitstroombegeleiding", "transitietraject", "dagbesteding", "rots"} <= set(advice.partner_ids)


def test_school_refusal_phase_2_clb_and_mental_health_care(repo: KnowledgeRepository) -> None:
    # Lines 3126-3132 (actieplan.3.5): phase 2, inschakelen van externe hulpverlening; line 2907 (actieplan.3.1):
    # school refusal may lie within a psychiatric problem; lines 841-849 (actoren.4.2): the CLB refers to CGG and
    # child and youth psychiatry. The police is no partner here (lines 1519-1531: it is about truancy).
    advice = advise(repo, "schoolweigering", 2)
    assert top(advice, 3) == ["clb", "cgg", "kjp"]
    assert advice.partners[1].why.key == "partners.why.refusal.cgg"
    assert advice.partners[1].referral.route == "clb"
    assert (
        advice.partners[0].why.text
        == "Het CLB meldt aan bij CGG en Kinder- en jeugdpsychiatrie; de school doet dat niet zelf."
    )
    assert "politie" not in advice.partner_ids
    # Lines 2948-2954 (actieplan.3.1): parents of a school refuser feel onmacht; help, and the police is not even
    # mentioned as left out (it belongs to truancy only).
    powerless = advise(repo, "schoolweigering", 2, parents="powerless")
    assert top(powerless, 2) == ["clb", "brugfiguur"]
    assert "politie" not in powerless.partner_ids
    assert "politie" not in left_out(powerless)


def test_school_refusal_phase_3_stuck(repo: KnowledgeRepository) -> None:
    # Lines 3164-3203 (actieplan.3.6): uitstroombegeleiding, UpGrade, dagbesteding and ROTS in phase 3.
    advice = advise(repo, "schoolweigering", 3, concerns=("stuck",))
    assert advice.partner_ids[0] == "rots"
    assert {"uitstroombegeleiding", "transitietraject", "dagbesteding"} <= set(advice.partner_ids)


def test_school_refusal_phase_1_no_external_help_yet(repo: KnowledgeRepository) -> None:
    # Lines 3117-3124 (actieplan.3.5): phase 1 is noticing and discussing signals with youth, parents (and CLB);
    # external help comes in phase 2 (lines 3126-3132).
    advice = advise(repo, "schoolweigering", 1)
    assert advice.partner_ids[0] == "clb"
    assert "cgg" not in advice.partner_ids


def test_outflow(repo: KnowledgeRepository) -> None:
    # Lines 1785-1844 (actoren.15.2): the uitstroombegeleiding (talk, flyer, brochure, guide with VDAB); lines
    # 2324-2353 (actieplan.1.4): uitstroombegeleiding, UpGrade (referred by the CLB, line 2343), dagbesteding;
    # lines 921-933 (actoren.4.3): the CLB, also after 18, the outflow talk.
    advice = advise(repo, "uitstroom")
    assert top(advice, 4) == ["uitstroombegeleiding", "clb", "transitietraject", "vdab"]
    assert {"dagbesteding", "lokale-initiatieven"} <= set(advice.partner_ids)
    transition = advice.get("transitietraject")
    assert transition is not None and transition.referral.route == "clb"
    assert "partners.reason.phase_unknown" not in [r.key for r in advice.reasons]


def test_outflow_in_primary_school_leaves_out_secondary_partners(repo: KnowledgeRepository) -> None:
    # Lines 1325-1327 (actoren.10.3): UpGrade for the 2nd and 3rd grade BSO; lines 1271-1272 (actoren.10.1): NAFT
    # in secondary school; lines 2325-2326 (actieplan.1.4): uitstroombegeleiding for secondary pupils.
    advice = advise(repo, "uitstroom", level="basis")
    assert {"transitietraject", "naft", "uitstroombegeleiding"} <= set(left_out(advice))
    assert not {"transitietraject", "naft", "uitstroombegeleiding"} & set(advice.partner_ids)


def test_b_code_phase_0_and_1_from_the_content(repo: KnowledgeRepository) -> None:
    # Lines 2132-2185 (actieplan.1.2): in phase 1 the school works with the CLB, NAFT and other schoolexterne
    # trajecten, the offer of lokale besturen; line 1256 (actoren.10): schools call them in with the CLB.
    # Lines 2006-2024: the first talk is the school's own; the police only for onwil or onbuigzaamheid (2133-2136).
    advice = advise(repo, "b-code", 1)
    assert {"clb", "naft", "lokaal-bestuur", "lokale-initiatieven"} <= set(advice.partner_ids)
    naft = advice.get("naft")
    assert naft is not None and naft.referral.route == "school_with_clb"
    keys = [r.key for r in advice.reasons]
    assert {"partners.reason.school_first", "partners.reason.police_only_when"} <= set(keys)
    assert "politie" not in advice.partner_ids


def test_phase_unknown_lists_the_partners_of_the_whole_track(repo: KnowledgeRepository) -> None:
    # Lines 2006-2367 (actieplan.1.2-1.4): without the phase, every phase's partners may apply.
    advice = advise(repo, "b-code", concerns=("stuck",))
    assert advice.partner_ids[0] == "rots"
    assert {"clb", "naft", "ocj", "uitstroombegeleiding"} <= set(advice.partner_ids)
    note = advice.reasons[0]
    assert note.key == "partners.reason.phase_unknown"
    naft = advice.get("naft")
    assert naft is not None and naft.why.text.endswith("in fase 1 en 2.")


# -- what never happens ----------------------------------------------------------------------------------
SITUATIONS = [
    PartnerSituation(track, phase, tried, parents, concerns)  # type: ignore[arg-type]
    for track, phase, tried, parents, concerns in product(
        TRACKS,
        (None, 0, 2, 3),
        ((), ("clb", "naft", "politie", "transitietraject")),
        (None, "cooperative", "powerless", "unwilling", "unreachable"),
        ((), CONCERNS),
    )
]


def test_never_the_pupil_the_parents_the_school_or_a_court(repo: KnowledgeRepository) -> None:
    # Lines 669-777: pupil, parents and school are the ones who act, not partners to call in; lines 1632-1696
    # (actoren.13, actoren.14): parket and courts follow from a PV or a referral, nobody calls them in.
    kinds = {p.id: p.kind for p in repo.list_partners()}
    for s in SITUATIONS:
        advice = advise_partners(s, repo)
        ids = set(advice.partner_ids)
        assert not ids & {"leerling", "ouders", "school"}, s
        assert all(kinds[i] != "justitie" or i == "politie" for i in ids), s
        if s.parents == "powerless":
            assert "politie" not in ids, s
        assert advice.partners and advice.summary, s


def test_every_cited_section_exists(repo: KnowledgeRepository) -> None:
    known = {s["id"] for s in yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8"))["sections"]}
    for s in SITUATIONS[::7]:
        advice = advise_partners(s, repo)
        assert set(advice.sections) <= known, s
        assert all(p.sections and p.why.sections for p in advice.partners), s
        assert all(r.sections for r in advice.reasons), s


def test_every_partner_the_rules_name_is_in_the_content(repo: KnowledgeRepository) -> None:
    missing = [pid for pid in rule_partner_ids() if repo.get_partner(pid) is None]
    assert missing == []


# -- who calls a partner in (the content's referral) --------------------------------------------------------
@pytest.mark.parametrize(
    ("partner_id", "route"),
    [
        # lines 861-864 (actoren.4.2): the CLB-medewerker refers to a gemandateerde voorziening with an M-document
        ("ocj", "clb"),
        ("vk", "clb"),
        # lines 841-859 (actoren.4.2): CAW, CGG, gezinsbegeleiding, OCMW, KJP, the toegangspoort (A-document)
        ("caw", "clb"),
        ("cgg", "clb"),
        ("kjp", "clb"),
        ("ocmw", "clb"),
        ("itp", "clb"),
        # lines 1740, 1755-1757 (actoren.15.1): ROTS from the CLB or the jeugdhulp with the CLB
        ("rots", "clb"),
        # line 2343 (actieplan.1.4): UpGrade is referred by the CLB
        ("transitietraject", "clb"),
        # lines 868-871 (actoren.4.2): the school reports to the police in close consultation with the CLB
        ("politie", "school_with_clb"),
        # line 1256 (actoren.10): schools call in schoolexterne initiatives in consultation with the CLB
        ("naft", "school_with_clb"),
        # lines 714-716 (actoren.2): the school signals to the CLB; lines 1083-1084 (actoren.6): school or CLB
        # report to AGODI
        ("clb", "direct"),
        ("agodi", "direct"),
        # lines 2736-2741 (actieplan.2.2.2): everyone involved may request Bednet
        ("bednet", "direct"),
    ],
)
def test_referral_routes(repo: KnowledgeRepository, partner_id: str, route: str) -> None:
    partner = repo.get_partner(partner_id)
    assert partner is not None
    assert referral_route(partner) == route


def test_secondary_only_partners(repo: KnowledgeRepository) -> None:
    # Lines 1271-1272 (NAFT), 1319-1320 (Groene Zorg), 1325-1327 (UpGrade), 497-499 (vervolgcoach): secondary
    # school; lines 2582-2585 and 2698-2701: TOAH and SIO also in basisonderwijs.
    found = {p.id for p in repo.list_partners() if secondary_only(p)}
    assert {"naft", "groene-zorg", "transitietraject", "vervolgschoolcoach", "uitstroombegeleiding"} <= found
    assert not {"toah", "bednet", "clb", "brugfiguur"} & found


# -- roles, input, missing content ----------------------------------------------------------------------
def test_the_role_changes_the_words_not_the_facts(repo: KnowledgeRepository) -> None:
    advice = advise(repo, "b-code", 2, parents="powerless", concerns=("home_safety",))
    vk = advice.get("vk")
    assert vk is not None
    assert vk.why.render("parent").startswith("Het Vertrouwenscentrum Kindermishandeling (VK) helpt")
    assert vk.referral.explanation.render("youth") == (
        "Het CLB meldt je aan. Vraag ernaar bij het CLB of bij je leerlingenbegeleider."
    )
    police = next(lo for lo in advice.left_out if lo.id == "politie")
    assert police.why.render("parent").startswith("Niet de politie: doe je als ouder je best")
    assert advice.summary.render("youth").startswith("Deze partners kunnen helpen: VK, OCJ")
    for role in (None, *ROLES):
        for fit in advice.partners:
            for r in fit.reasons:
                assert r.render(role) and "{" not in r.render(role)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"track": "spijbelen"},
        {"track": "b-code", "phase": 4},
        {"track": "b-code", "tried": ("cgg",)},
        {"track": "b-code", "concerns": ("boos",)},
        {"track": "b-code", "parents": "boos"},
    ],
)
def test_bad_situations_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PartnerSituation(**kwargs)  # type: ignore[arg-type]


def test_doubles_are_dropped() -> None:
    s = PartnerSituation("b-code", tried=("naft", "naft"), concerns=("stuck", "stuck"))  # type: ignore[arg-type]
    assert (s.tried, s.concerns) == (("naft",), ("stuck",))


class _OnlyFamily(KnowledgeRepository):
    """The content without any partner to call in."""

    def list_partners(self, kind: str | None = None, track: str | None = None) -> list[Partner]:
        return [p for p in super().list_partners(kind, track) if p.kind in ("gezin", "school")]


def test_no_partner_says_so(repo: KnowledgeRepository) -> None:
    advice = advise_partners(PartnerSituation("ziekte", 0), _OnlyFamily(repo.session))
    assert advice.partners == ()
    assert advice.summary.key == "partners.summary.none"


def test_a_partner_the_content_lacks_is_named(repo: KnowledgeRepository) -> None:
    with pytest.raises(MissingContent, match="partner 'rots'"):
        advise_partners(PartnerSituation("ziekte", 0, concerns=("stuck",)), _OnlyFamily(repo.session))
