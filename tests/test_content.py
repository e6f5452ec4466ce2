"""The shipped content read as counsel would: wording, citations, duties and vocabularies.

These tests hold the flows to the summary (flows/terms.yaml paraphrases it):
no advice shown as a duty, no statement stronger than the summary, every
cross-reference in the public terms' own letters, and the words a
non-lawyer meets explained where they meet them.
"""

from __future__ import annotations

import re

import pytest

from wizard import conditions
from wizard.decision import Decision, FindingFacts, choose, decide, verdict
from wizard.flows import PROFILE

SIX = ("ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification")


def outcomes(flowset):
    return [(f, o) for f in flowset.term_flows for o in f.outcomes]


def every_text(flowset) -> list[tuple[str, str]]:
    """(where, text) for every help text, label, intro, clause and finding text a user or counsel reads."""
    found = []
    for f in flowset.flows:
        found.append((f"{f.id} intro", f.intro))
        for q in f.questions.values():
            found += [(f"{f.id}.{q.id}", q.text), (f"{f.id}.{q.id} help", q.help)]
            found += [(f"{f.id}.{q.id}.{c.id}", f"{c.label} {c.counsel or ''}") for c in q.choices]
        for o in f.outcomes:
            found.append((f"{f.id}.{o.id}", " ".join((o.title, o.text, o.why, o.reduce, o.cite.says))))
    found += [(f"section {s.id}", s.clause) for s in flowset.terms.sections.values()]
    return found


def test_obligations_rest_on_customer_duties_of_the_summary(flowset) -> None:
    """Only confidentiality (both parties) and the competitive-use restrictions put duties on the customer."""
    duties = {f"{s.id}.{d.id}" for s in flowset.terms.sections.values() for d in s.duties}
    assert duties == {
        "confidentiality.reasonable_care",
        "confidentiality.need_to_know",
        "competitive_use.no_competing_product",
        "competitive_use.no_competing_model",
        "competitive_use.no_reverse_engineering",
        "competitive_use.no_third_party_support",
    }
    obligations = [(f.id, o) for f, o in outcomes(flowset) if o.kind == "obligation"]
    assert {fid for fid, _ in obligations} == {"competitive_use", "confidentiality"}
    for _, o in obligations:
        assert o.duty and set(o.duty) <= duties, o.id
    # A question may name the duty whose application it leaves open; advice, risks and protections never do.
    assert all(not o.duty for _, o in outcomes(flowset) if o.kind not in ("obligation", "question"))


def test_formerly_mandatory_advice_is_now_recommended(flowset) -> None:
    kinds = {f"{f.id}.{o.id}": o.kind for f, o in outcomes(flowset)}
    for advice in (
        "fine_tuning.not_planned_guard",
        "training.keep_content_on_bedrock",
        "indemnification.keep_originals",
        "fine_tuning.record_material_rights",
        "ownership.record_human_contribution",
        "training.back_client_promise",
        "confidentiality.contractor_access",
        "indemnification.check_authorised",
        "confidentiality.controls_before_data",
    ):
        assert kinds[advice] == "recommendation", advice
    for duty in (
        "competitive_use.obtain_approval",
        "confidentiality.protect_anthropic_info",
        "confidentiality.contractors_anthropic_info",
    ):
        assert kinds[duty] == "obligation", duty


def test_no_statement_goes_beyond_the_summary(flowset) -> None:
    for where, text in every_text(flowset):
        lowered = " ".join(text.split()).lower()
        assert "written approval" not in lowered and "approves it in writing" not in lowered, where
        assert "to the extent the law allows" not in lowered and "its rights in outputs" not in lowered, where
        assert "likely excluded" not in lowered, where
        assert "the kind of product the terms bar" not in lowered, where
        assert "training the terms forbid" not in lowered, where
        assert "the terms expect" not in lowered, where
        for match in re.finditer(r"defend|provide a defence|a defence against", lowered):
            end = lowered.find(". ", match.end())
            sentence = lowered[max(0, lowered.rfind(". ", 0, match.start())) : end if end > 0 else None]
            assert "public commercial terms" in sentence and "§k" in sentence, f"{where}: '{sentence}'"


def test_indemnity_is_described_as_the_summary_does(flowset) -> None:
    clause = flowset.terms.sections["indemnification"].clause
    assert "indemnification protection" in clause and "defend" not in clause
    assert "all rights to outputs generated from their proprietary data" in " ".join(
        flowset.terms.sections["ownership"].clause.split()
    )


def test_citations_are_ones_counsel_can_use(flowset) -> None:
    public = flowset.terms.public_terms
    assert public is not None and "never" not in public.caveat.lower() or "Bedrock agreement" in public.caveat
    for f, o in outcomes(flowset):
        assert bool(o.cite.compare) != bool(o.cite.no_compare), f"{f.id}.{o.id}"
        for ref in o.cite.compare:
            assert re.fullmatch(r"[A-M](\.\d+)?(\([a-f]\))?", ref) and ref.split("(")[0] in public.sections
        if o.cite.section == "fine_tuning":
            assert o.cite.no_compare and "no fine-tuning section" in o.cite.no_compare, f"{f.id}.{o.id}"
    sections = {f"{f.id}.{o.id}": o.cite.section for f, o in outcomes(flowset)}
    # Wrong citations from the review of the first content: each rests on its own part now.
    assert sections["fine_tuning.cross_client_leak"] == "fine_tuning"
    assert "ownership.unchecked_third_party_code" not in sections
    assert sections["indemnification.unchecked_material"] == "indemnification"


def test_the_part_beyond_the_summary_says_where_each_point_comes_from(flowset) -> None:
    beyond = flowset.flow("beyond_summary")
    section = flowset.terms.sections[beyond.section]
    assert not section.in_summary and not section.duties
    assert {o.kind for o in beyond.outcomes} <= {"question", "recommendation", "risk"}
    compared = {ref.split("(")[0] for o in beyond.outcomes for ref in o.cite.compare}
    assert {"K.2", "L.1", "L.3", "D.2", "C", "D.3", "G", "A.3", "I.3", "M.3"} <= compared
    for o in beyond.outcomes:
        assert o.cite.section == "beyond_summary", o.id
        if o.cite.compare:
            text = " ".join(f"{o.title} {o.text} {o.why}".split())
            assert "public Commercial Terms" in text and "Bedrock agreement" in text, o.id


def test_terms_a_non_lawyer_meets_are_explained(flowset) -> None:
    helps = " ".join(" ".join(q.help.split()) for f in flowset.flows for q in f.questions.values())
    texts = " ".join(" ".join(o.text.split()) for _, o in outcomes(flowset))
    assert re.search(r'"sub-processor"\) is a service provider|"sub-processors"\)', helps)
    assert 'A "sub-processor" is a service provider' in helps
    assert 'a data processing agreement or addendum ("DPA")' in texts
    assert 'requires a "business associate agreement" (BAA)' in helps
    assert "PCI DSS, the card industry's security standard" in helps


def test_one_fact_gets_one_severity_wherever_it_is_rated(flowset) -> None:
    """Risks that rest on the same single answer carry the same severity in every part."""
    seen: dict[tuple, set[str]] = {}
    for _, o in outcomes(flowset):
        tests = list(conditions.tests_in(o.when))
        if o.kind == "risk" and len(tests) == 1 and tests[0].ref.flow == PROFILE:
            t = tests[0]
            seen.setdefault((t.ref.question, t.op, str(t.operand)), set()).add(o.severity)
    assert seen, "some risks rest on a single profile answer"
    assert all(len(s) == 1 for s in seen.values()), seen


def test_every_unsure_answer_that_decides_a_part_says_it_cannot_be_assessed(flowset) -> None:
    """Each part offers "I don't know" on its deciding questions and says what cannot be assessed."""
    for f in flowset.term_flows:
        tagged = [o for o in f.outcomes if "cannot_assess" in o.tags]
        assert tagged, f.id
        for o in tagged:
            assert o.kind == "question"
            assert any(str(t.operand) == "unsure" or t.operand == ("unsure",) for t in conditions.tests_in(o.when))
    profile = flowset.flow(PROFILE)
    for q in profile.questions.values():
        assert all(c.counsel for c in q.choices if c.unsure), q.id
    covered = {pair for f in flowset.term_flows for o in f.outcomes for pair in flowset.unsure_covered(f.id, o)}
    offered = {(f.id, q.id) for f in flowset.flows for q in f.questions.values() if q.unsure_choices}
    assert offered == covered, "every 'I don't know' leads to a question outcome that speaks for it"


def test_profile_roles_and_contradictions(flowset) -> None:
    assert flowset.profile_role("title") == "project_name"
    assert flowset.profile_role("use_case") == "use_case"
    assert flowset.profile_role("preparer") == "preparer"
    assert flowset.profile_role("owner") is None
    # Facts several parts need are asked once: no part asks again what the profile asks.
    asked_twice = {
        "inputs",
        "prompt_material",
        "access_route",
        "account",
        "output_use",
        "human_edit",
        "output_changes",
        "service_changes",
        "special_rules",
    }
    for f in flowset.term_flows:
        assert not asked_twice & set(f.questions), f.id
    # A question the profile asks may not be asked by a part under another name either.
    labels = {q.text for q in flowset.flow(PROFILE).questions.values()}
    assert all(q.text not in labels for f in flowset.term_flows for q in f.questions.values())


# -- vocabulary and decision --------------------------------------------------------------------------


def test_vocabulary_from_content(flowset) -> None:
    v = flowset.vocabulary
    assert [s.id for s in v.severities] == ["high", "medium", "low"]
    assert v.severity("medium").label == "Medium"
    medium = v.severity("medium").colour.lstrip("#")
    red, green, blue = (int(medium[i : i + 2], 16) for i in (0, 2, 4))
    assert not (red > 150 and green < 60 and blue < 60), "medium is not red"
    assert v.severity("high").colour != v.severity("medium").colour
    with pytest.raises(KeyError):
        v.severity("critical")
    assert set(v.progress) == {"not_started", "in_progress", "done", "open_questions"}
    assert [s.id for s in v.decisions] == ["needs_anthropic_approval", "needs_counsel", "proceed_with_conditions", "can_proceed"]
    assert v.decision("can_proceed").label == "Can proceed" and v.decisions[-1].is_default
    assert v.verdict("cannot_assess").label == "Cannot be assessed yet"
    assert v.rank("high") == 0 and v.rank("low") == 2 and v.rank(None) == 3


def facts(*items: tuple[str, str, str | None, tuple[str, ...]]) -> list[FindingFacts]:
    return [FindingFacts(fid, fid.split(".")[0], kind, severity, frozenset(tags)) for fid, kind, severity, tags in items]


def test_decision_rules_in_order(flowset) -> None:
    v = flowset.vocabulary
    protection = ("ownership.content_stays_yours", "protection", None, ())
    advice = ("training.keep_content_on_bedrock", "recommendation", None, ())
    low = ("competitive_use.ai_feature_line", "risk", "low", ())
    high = ("indemnification.vendor_route", "risk", "high", ())
    question = ("beyond_summary.model_terms", "question", None, ())
    approval = ("competitive_use.obtain_approval", "obligation", None, ("needs_approval",))
    assert decide(v, []) == Decision("can_proceed", "Can proceed")
    assert decide(v, facts(protection, advice)).id == "can_proceed"
    assert decide(v, facts(protection, low)) == Decision(
        "proceed_with_conditions", "Proceed with conditions", ("competitive_use.ai_feature_line",)
    )
    assert decide(v, facts(low, high, question)).deciding == ("indemnification.vendor_route", "beyond_summary.model_terms")
    assert decide(v, facts(low, high, question, approval)) == Decision(
        "needs_anthropic_approval", "Needs Anthropic's express approval", ("competitive_use.obtain_approval",)
    )
    unknown = ("fine_tuning.planned_unknown", "question", None, ("cannot_assess",))
    assert verdict(v, facts(unknown, low)).id == "cannot_assess"
    assert verdict(v, facts(protection)).id == "no_concerns"


def test_choose_needs_a_default_status(flowset) -> None:
    with pytest.raises(ValueError, match="default"):
        choose(flowset.vocabulary.decisions[:1], [])


def test_every_tag_and_part_in_the_rules_exists(flowset) -> None:
    used = {t for _, o in outcomes(flowset) for t in o.tags}
    assert used == set(flowset.vocabulary.tags)
    assert any("needs_approval" in o.tags and o.kind == "obligation" for _, o in outcomes(flowset))


def test_report_keeps_recommendations_apart_and_cites_the_public_terms(flowset) -> None:
    from conftest import ROOT

    from wizard.report import render_html
    from wizard.scenario import run_scenario

    html = " ".join(render_html(flowset, run_scenario(flowset, ROOT / "tests" / "scenarios" / "distil-sold-model.yaml")).split())
    part = html[html.index('id="term-competitive_use"') : html.index('id="term-confidentiality"')]
    must_do = part[part.index("What the terms require of the customer") : part.index("</table>")]
    assert "Do not train the general-purpose model on Claude" in must_do, "the duty names the use"
    assert "Ask Anthropic itself for the approval" not in must_do, "advice is never listed as a must-do"
    recommended = part[part.index("Recommended practice") :]
    assert "Ask Anthropic itself for the approval" in recommended
    assert "Compare §D.4(a) of the public Commercial Terms." in part
    tuning = html[html.index('id="term-fine_tuning"') : html.index('id="term-competitive_use"')]
    assert "The public Commercial Terms have no fine-tuning section" in tuning


def test_every_section_reference_in_the_text_is_a_compare_cross_reference() -> None:
    """A letter of the public Commercial Terms is never presented as a clause of the customer's contract."""
    import re

    from conftest import ROOT

    for path in sorted((ROOT / "flows").glob("*.yaml")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for match in re.finditer(r"§", text):
            before = text[max(0, match.start() - 40) : match.start()]
            assert re.search(r"compare (§[A-Z][^ ]* ?(?:[a-z]+)?,? )*$", before, re.I), f"{path.name}: …{before}§"


def _restrictions(o) -> set:  # noqa: ANN001
    """What a finding is about: the duties it names, else its part and cross-reference."""
    return set(o.duty) or {(o.cite.section, o.cite.compare)}


def test_no_duty_or_approval_where_the_same_restriction_cannot_be_assessed(flowset) -> None:
    """On no path does a restriction both apply (obligation, needs_approval) and remain unassessable.

    Every complete path of every part, under every representative profile, is
    walked; where a `cannot_assess` question fires, no obligation or
    needs_approval finding about the same duty (or, without duties, the same
    part and cross-reference) may fire beside it.
    """
    from wizard.conditions import tests_in
    from wizard.flows import PROFILE
    from wizard.graph import applies, profile_variants, walk

    checked = 0
    for flow in flowset.term_flows:
        unknown = [o for o in flow.outcomes if "cannot_assess" in o.tags]
        settled = [o for o in flow.outcomes if o.kind == "obligation" or "needs_approval" in o.tags]
        pairs = [(u, s) for u in unknown for s in settled if _restrictions(u) & _restrictions(s)]
        if not pairs:
            continue
        # A finding reads only the answers its condition names: every path and profile is covered by the
        # distinct combinations of those answers, each checked once.
        refs = [t.ref for o in {o for pair in pairs for o in pair} for t in tests_in(o.when)]
        own = sorted({r.question for r in refs if r.flow != PROFILE or flow.id == PROFILE})
        read = sorted({r.question for r in refs if r.flow == PROFILE and flow.id != PROFILE})
        paths = {tuple((q, answers.get(q)) for q in own) for answers in walk(flow)}
        profiles = {tuple((q, p.get(q)) for q in read) for p in profile_variants(flowset, flow)}
        for path in paths:
            answers = {q: v for q, v in path if v is not None}
            for shape in profiles:
                profile = {q: v for q, v in shape if v is not None}
                checked += 1
                for u, s in pairs:
                    both = applies(u, flow.id, answers, profile) and applies(s, flow.id, answers, profile)
                    assert not both, f"{flow.id}: {s.id} applies while {u.id} says it cannot be assessed: {answers}"
    assert checked, "some restrictions have both kinds of finding to compare"


def _report_text(flowset, name: str) -> str:  # noqa: ANN001
    from conftest import ROOT

    from wizard.report import render_html
    from wizard.scenario import run_scenario

    return " ".join(render_html(flowset, run_scenario(flowset, ROOT / "tests" / "scenarios" / f"{name}.yaml")).split())


def test_the_report_prints_what_the_cross_references_point_to_once_per_place(flowset) -> None:
    """The public terms' version, the unverified-numbering caveat and the contracting entities (issue 17, point 8)."""
    html = _report_text(flowset, "minimal-internal")
    summary = html[html.index('id="summary"') : html.index("</section>", html.index('id="summary"'))]
    appendix = html[html.index('id="appendix"') :]
    version = "Version effective 17 June 2025"
    for place in (summary, appendix):
        assert place.count(version) == 1 and place.count("numbering has not been verified") == 1
        assert "Anthropic Ireland, Limited" in place
    assert html.count(version) == 2, "once on the summary page, once in the appendix record"


def test_after_counsel_decides_the_cover_leads_with_counsel_and_the_computed_status_follows(flowset) -> None:
    """Counsel's decision and conditions stand above the computed status (issue 17, point 9)."""
    html = _report_text(flowset, "distil-approved-by-counsel")
    cover = html[html.index('class="cover"') : html.index("</section>")]
    counsel = cover.index("Counsel's decision")
    computed = cover.index("Computed status before counsel's review")
    assert counsel < computed and "Approved with conditions" in cover[counsel:computed]
    assert "Hold Anthropic&#39;s written approval before the first training run" in cover[counsel:computed]
    plain = _report_text(flowset, "distil-sold-model")
    assert "before counsel's review" not in plain and "Counsel's decision" not in plain[: plain.index("</section>")]


# -- the sweep of issue 17, point 6, made mechanical --------------------------------------------------

YOU = re.compile(r"\byou(r|rs)?\b", re.IGNORECASE)
NOT_THE_CUSTOMER = ("vendor", "unsure")  # profile.account answers under which the organisation may not be the customer


def _projections(rows, keys: set[str]) -> set[tuple]:
    """The distinct answers `rows` give to `keys` (an unasked question stays absent)."""
    return {tuple((k, row[k]) for k in sorted(keys) if k in row) for row in rows}


def addressed_to_you_without_being_the_customer(flowset) -> list[str]:  # noqa: ANN001
    """Protections and obligations that can apply where a vendor's (or an unknown) AWS account runs the prompts, yet say "you".

    Through a vendor's account the customer that holds the protections and
    duties is likely the vendor; a finding that can fire there speaks of "the
    customer" and what reaches the organisation through its contract.
    """
    from wizard.graph import applies, profile_variants, walk

    found = []
    for flow in flowset.term_flows:
        held = [o for o in flow.outcomes if o.kind in ("protection", "obligation") and YOU.search(f"{o.title} {o.text}")]
        if not held:
            continue
        paths = list(walk(flow))
        variants = [{**p, "account": a} for p in profile_variants(flowset, flow) for a in NOT_THE_CUSTOMER]
        for o in held:
            tests = list(conditions.tests_in(o.when))
            own = _projections(paths, {t.ref.question for t in tests if t.ref.flow in (None, flow.id)})
            profiles = _projections(variants, {t.ref.question for t in tests if t.ref.flow == PROFILE} | {"account"})
            if any(applies(o, flow.id, dict(a), dict(p)) for a in own for p in profiles):
                found.append(f"{flow.id}.{o.id}")
    return found


def test_no_protection_or_duty_is_addressed_to_you_where_a_vendor_may_hold_it(flowset) -> None:
    assert addressed_to_you_without_being_the_customer(flowset) == []


def _flows_copy(tmp_path, file: str, old: str, new: str):  # noqa: ANN001, ANN202
    import shutil

    from conftest import ROOT

    from wizard.flows import load_flows

    folder = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the edit of {file} no longer applies"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_flows(folder)


def test_a_protection_that_says_you_on_a_vendors_account_is_found(tmp_path) -> None:  # noqa: ANN001
    """The rule above fails on a copy of the flows where "Your code and content remain yours" reaches the vendor route."""
    broken = _flows_copy(
        tmp_path,
        "ownership.yaml",
        "including your prompts and outputs.\n    when: {answer: profile.account, is: own}\n",
        "including your prompts and outputs.\n    when: {answer: profile.data, includes: own_material}\n",
    )
    assert addressed_to_you_without_being_the_customer(broken) == ["ownership.content_stays_yours"]


def profile_unknowns_asked_twice(flowset) -> list[str]:  # noqa: ANN001
    """Profile questions whose "I don't know" no part's cited question asks on every path.

    Where none does, the review adds a second, uncited question for the same
    unknown fact beside the part's own; one question, cited, carries the note.
    """
    found = []
    for q in flowset.flow(PROFILE).questions.values():
        unsure = q.unsure_choices
        if not unsure:
            continue
        asked = any(
            o.kind == "question"
            and len(tests := list(conditions.tests_in(o.when))) == 1
            and tests[0].ref.flow == PROFILE
            and tests[0].ref.question == q.id
            and tests[0].op in ("is", "includes")
            and tests[0].operand in unsure
            for f in flowset.term_flows
            for o in f.outcomes
        )
        if not asked:
            found.append(f"{PROFILE}.{q.id}")
    return found


def test_every_profile_unknown_is_asked_once_by_a_cited_question(flowset, tmp_path) -> None:  # noqa: ANN001
    assert profile_unknowns_asked_twice(flowset) == []
    broken = _flows_copy(
        tmp_path,
        "beyond_summary.yaml",
        "    when: {answer: profile.permission, is: unsure}\n",
        "    when:\n      all:\n        - {answer: profile.permission, is: unsure}\n"
        "        - {answer: profile.outputs, includes: delivered}\n",
    )
    assert profile_unknowns_asked_twice(broken) == ["profile.permission"]


# What is the customer's own: a protection, assignment or permission that rests on it fires on it only.
OWN_MATERIAL = {(PROFILE, "data"): "own_material", ("fine_tuning", "materials"): "own_content"}


def protections_on_others_material(flowset) -> list[str]:  # noqa: ANN001
    """Protections that read what the material is, yet can apply when none of it is the customer's own.

    The summary gives ownership, the assignment of output rights and the
    fine-tuning permission for the customer's own proprietary data; for
    clients', users' or licensors' material the part asks who owns it instead.
    Protections that read the profile's material answer are held to it, and
    every protection of the part that asks its own (fine-tuning materials).
    """
    from wizard.graph import applies, profile_variants, walk

    found = []
    for flow in flowset.term_flows:
        paths, variants = list(walk(flow)), profile_variants(flowset, flow)
        for o in (o for o in flow.outcomes if o.kind == "protection"):
            reads = {(t.ref.flow or flow.id, t.ref.question) for t in conditions.tests_in(o.when)}
            for (owner, question), own in OWN_MATERIAL.items():
                if (owner, question) not in reads and owner != flow.id:  # every protection of the part that asks it
                    continue
                others = [a for a in paths if owner == PROFILE or own not in a.get(question, (own,))]
                profiles = [p for p in variants if owner != PROFILE or own not in p.get(question, (own,))]
                if any(applies(o, flow.id, a, p) for a in others for p in profiles):
                    found.append(f"{flow.id}.{o.id}")
    return found


def test_protections_of_the_customers_own_material_fire_on_it_only(flowset, tmp_path) -> None:  # noqa: ANN001
    assert protections_on_others_material(flowset) == []
    broken = _flows_copy(
        tmp_path,
        "fine_tuning.yaml",
        "        - {answer: materials, includes: own_content}\n        - {answer: profile.account, is: own}\n",
        "        - {answer: profile.account, is: own}\n",
    )
    assert protections_on_others_material(broken) == ["fine_tuning.materials_are_content"]


def test_the_duties_table_is_headed_for_the_party_that_holds_them(flowset) -> None:
    """Through a vendor's account the customer is likely the vendor: the obligations' heading never says "your
    organisation must", on any route; who holds the duty on a vendor route is the flow-down question's."""
    from conftest import ROOT

    from wizard.report import render_html
    from wizard.scenario import run_scenario

    headed = 0
    for name in ("vendor-anthropic-briefings", "integrator-public-body", "distil-sold-model"):
        html = " ".join(render_html(flowset, run_scenario(flowset, ROOT / "tests" / "scenarios" / f"{name}.yaml")).split())
        assert "your organisation must" not in html.lower(), name
        headed += "What the terms require of the customer" in html
    assert headed, "at least one of them lists obligations under the heading"
