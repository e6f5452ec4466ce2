"""One scenario per fact pattern: the findings, verdicts and decision its answers must give.

Scenario files live in tests/scenarios/ and run with `bedrock-wizard answer`
too; the assertions read findings only through tests/content_support.py.
"""

from __future__ import annotations

import re

import pytest
from content_support import SCENARIOS, by_id, decision_for, derived_for, findings_for, verdicts_for

PARTS = ("ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification", "beyond_summary")


def scenario(name: str):
    return SCENARIOS / f"{name}.yaml"


def kinds(name: str, kind: str, flow: str | None = None) -> dict[str, dict]:
    return {f["id"]: f for f in findings_for(scenario(name)) if f["kind"] == kind and flow in (None, f["flow"])}


def test_distillation_into_a_model_the_team_sells() -> None:
    found = by_id(scenario("distil-sold-model"))
    assert found["competitive_use.distill_general"]["severity"] == "high"
    assert found["competitive_use.competing_product"]["severity"] == "high"
    approval = found["competitive_use.obtain_approval"]
    assert approval["kind"] == "obligation" and "needs_approval" in approval["tags"]
    assert approval["citation"]["compare"] == ("D.4(a)",)
    assert "competitive_use.restriction_scope" not in found, "no reassurance beside the high risks"
    decision = decision_for(scenario("distil-sold-model"))
    assert decision.id == "needs_anthropic_approval" and decision.id != "can_proceed"
    assert "competitive_use.obtain_approval" in decision.deciding
    assert verdicts_for(scenario("distil-sold-model"))["competitive_use"].id == "needs_anthropic_approval"


def test_helping_third_parties_train_models() -> None:
    found = by_id(scenario("help-third-parties-train"))
    assert found["competitive_use.ai_developer_support"]["severity"] == "high"
    assert found["competitive_use.output_datasets"]["severity"] == "medium"
    duty = found["competitive_use.no_third_party_support"]
    assert duty["kind"] == "obligation" and duty["citation"]["compare"] == ("D.4(c)",)
    assert decision_for(scenario("help-third-parties-train")).id != "can_proceed"


def test_edited_outputs_and_the_indemnity() -> None:
    found = by_id(scenario("edited-outputs"))
    reworked = found["indemnification.reworked_outputs"]
    assert reworked["severity"] == "medium" and reworked["citation"]["compare"] == ("K.3(a)",)
    assert "likely" not in reworked["text"]
    assert found["indemnification.keep_originals"]["kind"] == "recommendation"
    assert found["ownership.record_human_contribution"]["kind"] == "recommendation"
    assert found["indemnification.back_to_back_gap"]["severity"] == "high"
    assert found["ownership.ownership_promise_gap"]["severity"] == "high"
    assert "indemnification.downstream_question" in found
    assert "ownership.little_human_input" not in found, "outputs are reworked, not used as generated"
    assert not kinds("edited-outputs", "obligation"), "nothing here is a duty the terms put on the customer"


def test_third_party_code_in_prompts_has_one_severity_everywhere() -> None:
    found = findings_for(scenario("third-party-code"))
    about_licences = [f for f in found if "profile.licences" in f["reads"]]
    risks = [f for f in found if f["kind"] == "risk" and "profile.licences" in f["reads"]]
    assert [r["id"] for r in risks] == ["indemnification.unchecked_material"]
    assert {r["severity"] for r in risks} == {"medium"}
    parts = {f["flow"] for f in found if "profile.licences" in f["reads"]} | {
        f["flow"]
        for f in found
        if f["id"] in ("ownership.mixed_material", "beyond_summary.customer_indemnity", "beyond_summary.inputs_warranty")
    }
    assert parts == {"ownership", "indemnification", "beyond_summary"}
    assert about_licences and all(f["kind"] != "obligation" for f in about_licences)
    assert by_id(scenario("third-party-code"))["indemnification.unchecked_material"]["citation"]["compare"] == ("K.3(c)",)


def test_fine_tuning_for_internal_use_only() -> None:
    found = by_id(scenario("fine-tune-internal"))
    assert {"fine_tuning.materials_are_content", "fine_tuning.fine_tuning_permitted"} <= set(found)
    tuning = [f for f in found.values() if f["flow"] == "fine_tuning"]
    assert not any(f["severity"] == "high" for f in tuning)
    for f in tuning:
        if f["citation"]["section"] == "fine_tuning":
            assert f["citation"]["compare"] == () and "no fine-tuning section" in f["citation"]["no_compare"]
    indemnity = found["fine_tuning.fine_tune_indemnity"]
    assert indemnity["kind"] == "question" and indemnity["citation"] == {
        "section": "indemnification",
        "compare": ("K.3(a)", "K.3(c)"),
        "no_compare": "",
    }


def test_a_tuned_model_offered_to_clients() -> None:
    found = by_id(scenario("tuned-model-offered"))
    risk = found["fine_tuning.offered_to_others_risk"]
    assert risk["severity"] == "high" and "forbid" not in risk["text"] and "may fall outside" in risk["title"]
    question = found["fine_tuning.offered_to_others_question"]
    assert question["citation"]["section"] == "competitive_use" and question["citation"]["compare"] == ("D.4(a)",)
    assert found["fine_tuning.cross_client_leak"]["citation"]["section"] == "fine_tuning"
    assert "fine_tuning.copies_use" in found and "fine_tuning.fine_tuning_permitted" not in found
    assert decision_for(scenario("tuned-model-offered")).id in ("needs_anthropic_approval", "needs_counsel")


def test_unsure_about_other_channels() -> None:
    found = by_id(scenario("unsure-channels"))
    assert "cannot_assess" in found["training.channels_unknown"]["tags"]
    assert found["training.inventory_channels"]["kind"] == "recommendation"
    assert found["training.client_promise_other_channels"]["severity"] == "high"
    assert "training.keep_content_on_bedrock" not in found
    assert verdicts_for(scenario("unsure-channels"))["training"].id == "cannot_assess"
    open_question = found["training.channels_unknown"]
    assert open_question["kind"] == "question", "the unsure answer is open, as the content's own question"
    assert not any(f["id"].startswith("training.unsure:") for f in found.values()), "and asked once, not twice"


def test_anthropic_confidential_information_received() -> None:
    found = by_id(scenario("anthropic-confidential"))
    protect = found["confidentiality.protect_anthropic_info"]
    assert protect["kind"] == "obligation" and protect["citation"]["compare"] == ("E.2",)
    assert found["confidentiality.contractors_anthropic_info"]["kind"] == "obligation"
    assert found["confidentiality.contractor_access"]["kind"] == "recommendation"
    assert found["confidentiality.anthropic_info_spread"]["severity"] == "high"
    assert found["confidentiality.confidentiality_details"]["citation"]["compare"] == ("E.1", "E.3", "E.4")
    assert verdicts_for(scenario("anthropic-confidential"))["confidentiality"].id == "needs_counsel"


def test_everything_i_dont_know() -> None:
    found = findings_for(scenario("everything-unknown"))
    verdicts = verdicts_for(scenario("everything-unknown"))
    for part in PARTS:
        assert any(f["kind"] == "question" and f["flow"] == part for f in found), part
        assert verdicts[part].id == "cannot_assess", part
    # Each "I don't know" about the project is asked once, by the part's own cited question (issue 17, 6).
    assert not any(f["flow"] == "profile" for f in found), "no second, uncited question beside the part's own"
    decision = decision_for(scenario("everything-unknown"))
    assert decision.id == "needs_counsel" and decision.id != "can_proceed"
    assert not [f for f in found if f["kind"] == "risk" and f["severity"] == "high"], "unknown is not high risk"


def test_minimal_internal_use() -> None:
    found = by_id(scenario("minimal-internal"))
    assert not [f for f in found.values() if f["severity"] == "high"]
    protections = {i for i, f in found.items() if f["kind"] == "protection"}
    assert {
        "ownership.content_stays_yours",
        "ownership.outputs_assigned",
        "ownership.no_instance_access",
        "training.no_training_on_content",
        "training.usage_data_excludes_content",
        "confidentiality.content_confidential",
        "indemnification.ip_indemnity",
        "competitive_use.restriction_scope",
    } <= protections
    assert not [f for f in found.values() if f["kind"] in ("question", "obligation")]
    assert decision_for(scenario("minimal-internal")).id == "can_proceed"
    assert {v.id for v in verdicts_for(scenario("minimal-internal")).values()} == {"no_concerns"}


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_finding_is_cited_to_a_summary_part(path) -> None:
    for f in findings_for(path):
        if f["citation"] is not None:
            c = f["citation"]
            assert c["section"] and (bool(c["compare"]) != bool(c["no_compare"])), f["id"]


def test_a_tuned_model_offered_while_nothing_is_offered_must_be_reconciled() -> None:
    """Two parts cannot read each other's answers; the content's consistency rule compares them."""
    found = by_id(scenario("tuned-model-offered-but-nothing-offered"))
    rule = found["competitive_use.tuned_model_offered_vs_nothing_offered"]
    assert rule["kind"] == "question" and "inconsistent" in rule["tags"]
    assert decision_for(scenario("tuned-model-offered-but-nothing-offered")).id != "can_proceed"
    consistent = by_id(scenario("tuned-model-offered"))  # offered, and the offering says so
    assert "competitive_use.tuned_model_offered_vs_nothing_offered" not in consistent


# -- open characterisations stay questions for counsel (issue 17, mechanism 1) ------------------------


def settled(name: str) -> list[str]:
    """Findings that treat a restriction as applying: obligations and anything tagged needs_approval."""
    return [f["id"] for f in findings_for(scenario(name)) if f["kind"] == "obligation" or "needs_approval" in f["tags"]]


def test_a_narrow_internal_classifier_is_a_question_for_counsel_not_a_settled_restriction() -> None:
    found = by_id(scenario("narrow-internal-classifier"))
    question = found["competitive_use.distill_narrow"]
    assert question["kind"] == "question" and question["citation"]["compare"] == ("D.4(a)",)
    assert "If counsel concludes it does" in question["text"], "the consequence is stated conditionally"
    assert settled("narrow-internal-classifier") == [], "no duty, no approval tag while the characterisation is open"
    decision = decision_for(scenario("narrow-internal-classifier"))
    assert decision.id == "needs_counsel" and "competitive_use.distill_narrow" in decision.deciding
    # "I don't know" about the approval instead of "not asked for" no longer changes the decision.
    assert decision_for(scenario("narrow-internal-classifier-unsure")).id == "needs_counsel"
    believed = by_id(scenario("narrow-internal-classifier-none-needed"))
    assert believed["competitive_use.none_needed_confirm"]["kind"] == "question"
    assert settled("narrow-internal-classifier-none-needed") == []
    assert decision_for(scenario("narrow-internal-classifier-none-needed")).id == "needs_counsel"


def test_a_general_coding_agent_product_needs_counsel_not_a_settled_approval() -> None:
    found = by_id(scenario("coding-agent-product"))
    risk = found["competitive_use.competing_product"]
    assert risk["severity"] == "high" and "may be" in risk["title"] and not risk["tags"]
    question = found["competitive_use.product_characterisation"]
    assert question["kind"] == "question" and "If counsel concludes it does" in question["text"]
    assert settled("coding-agent-product") == []
    decision = decision_for(scenario("coding-agent-product"))
    assert decision.id == "needs_counsel" and "competitive_use.product_characterisation" in decision.deciding
    assert verdicts_for(scenario("coding-agent-product"))["competitive_use"].id == "needs_counsel"


def test_red_teaming_and_publishing_benchmarks_are_asked_not_forced_into_reverse_engineering() -> None:
    found = by_id(scenario("red-team-and-publish"))
    red = found["competitive_use.red_teaming"]
    assert red["kind"] == "question" and set(red["citation"]["compare"]) == {"D.4(b)", "D.2"}
    assert "Usage Policy" in red["text"] and "not settled" in red["text"]
    publish = found["competitive_use.publishing_results"]
    assert publish["kind"] == "question" and "D.4(c)" in publish["citation"]["compare"]
    assert found["competitive_use.evaluation_testing"]["severity"] == "low"
    assert "competitive_use.probe_or_copy" not in found and "competitive_use.no_reverse_engineering" not in found
    assert settled("red-team-and-publish") == []
    assert decision_for(scenario("red-team-and-publish")).id == "needs_counsel"


# -- notes are context unless the team asks counsel (issue 17, point 7) --------------------------------


def test_a_note_is_context_unless_the_team_asks_counsel() -> None:
    found = by_id(scenario("integrator-public-body"))
    asked = [f for f in found.values() if f["id"].endswith("#note")]
    assert [f["id"] for f in asked] == ["confidentiality.regimes#note"], "only the note marked ask: true is a question"
    assert "confidentiality.access_scope#note" not in found, "a note of context stays beside its answer"
    session = derived_for(scenario("integrator-public-body"))
    steps = {s.question.id: s for s in session.part("confidentiality").steps}
    assert steps["access_scope"].note and not steps["access_scope"].ask and steps["regimes"].ask


# -- protections go to whoever holds them (issue 17, mechanism 2) ---------------------------------------

YOU = re.compile(r"\byou(r|rs)?\b", re.IGNORECASE)


def test_through_an_integrators_account_no_protection_is_addressed_to_you() -> None:
    found = by_id(scenario("integrator-public-body"))
    protections = [f for f in found.values() if f["kind"] == "protection"]
    assert protections and not [f["id"] for f in protections if YOU.search(f"{f['title']} {f['text']}")]
    for held in ("ownership.content_stays_customers", "training.no_training_for_customer"):
        assert "customer that accepted" in found[held]["text"] and "contract with the vendor" in found[held]["text"]
    for own in ("ownership.content_stays_yours", "training.no_training_on_content", "confidentiality.content_confidential"):
        assert own not in found, own
    flow_down = found["beyond_summary.vendor_flow_down"]
    assert flow_down["kind"] == "question" and {"D.4", "K.2"} <= set(flow_down["citation"]["compare"])
    assert "beyond_summary.publicity_through_vendor" in found and "beyond_summary.publicity_opt_out" not in found
    public = found["confidentiality.public_body_terms"]
    assert public["citation"]["section"] == "beyond_summary" and set(public["citation"]["compare"]) == {"K.2", "J", "M.3"}
    assert found["beyond_summary.export_sanctions"]["citation"]["compare"] == ("M.8",)
    assert found["indemnification.vendor_route"]["severity"] == "high"
    assert decision_for(scenario("integrator-public-body")).id == "needs_counsel"


# -- the clauses counsel asks about first, and answers that contradict (issue 17, mechanisms 3, 4, 6) ----


def test_fine_tuning_on_client_data_after_a_no_training_promise_must_be_reconciled() -> None:
    found = by_id(scenario("tuning-after-no-training-promise"))
    rule = found["fine_tuning.client_no_training_vs_tuning_on_client_data"]
    assert rule["kind"] == "question" and "inconsistent" in rule["tags"]
    # Clients' data is not the customer's own: the summary's permission and protections are asked, not given.
    assert "fine_tuning.fine_tuning_permitted" not in found and "fine_tuning.materials_are_content" not in found
    others = found["fine_tuning.others_materials"]
    assert others["kind"] == "question" and others["citation"]["section"] == "fine_tuning"
    assert "says nothing about material that belongs to others" in " ".join(others["text"].split())
    assert "ownership.outputs_from_others_data" in found, "clients' data: who owns the outputs is asked"
    assert decision_for(scenario("tuning-after-no-training-promise")).id == "needs_counsel"


def test_trademarks_and_patents_from_outputs_cite_the_exclusions() -> None:
    found = by_id(scenario("trademarks-from-outputs"))
    marks = found["ownership.marks_and_patents"]
    assert marks["severity"] == "medium" and marks["citation"]["compare"] == ("K.3(e)", "K.3(f)")
    assert marks["citation"]["section"] == "indemnification" and "confirm them in your Bedrock agreement" in marks["text"]
    indemnity = found["indemnification.ip_indemnity"]
    assert {"K.3(b)", "K.3(d)", "K.3(e)", "K.3(f)"} <= set(indemnity["citation"]["compare"])
    assert "confirm in your Bedrock agreement" in indemnity["text"]
    non_ip = found["indemnification.non_ip_claims"]
    assert "fall outside it" not in non_ip["text"] and "third-party intellectual property rights generally" in non_ip["text"]


def test_a_resale_platform_needs_approval_for_the_resale_and_counsel_for_the_product() -> None:
    found = by_id(scenario("resale-platform-eu"))
    resale = found["beyond_summary.resale_restricted"]
    assert resale["severity"] == "high" and "needs_approval" in resale["tags"] and resale["citation"]["compare"] == ("D.4(a)",)
    assert found["beyond_summary.export_sanctions"]["citation"]["compare"] == ("M.8",)
    assert "disputes_clause" in {i.split(".")[1] for i in found}, "§J is something to check in every review"
    assert found["beyond_summary.disputes_clause"]["citation"]["compare"] == ("J",)
    assert not found["competitive_use.competing_product"]["tags"], "the product itself stays a question"
    assert "inconsistent" in found["indemnification.fits_restrictions_vs_approval_needed"]["tags"]
    decision = decision_for(scenario("resale-platform-eu"))
    assert decision.id == "needs_anthropic_approval" and decision.deciding == ("beyond_summary.resale_restricted",)


def test_health_data_gets_a_high_risk_of_its_own_cited_to_data_processing() -> None:
    found = by_id(scenario("phi-summaries"))
    risk = found["confidentiality.health_data_before_baa"]
    assert risk["severity"] == "high" and risk["citation"]["compare"] == ("C",)
    assert found["confidentiality.health_rules"]["citation"]["compare"] == ("C",), "data protection sits in §C, not §E.2"
    top = [r["id"] for r in findings_for(scenario("phi-summaries")) if r["kind"] == "risk" and r["severity"] == "high"]
    assert "confidentiality.health_data_before_baa" in top
    assert "ownership.outputs_assigned" not in found, "patients' data is not the customer's own material"
    assert "ownership.outputs_from_others_data" in found


def test_a_legal_advice_tool_for_clients_raises_the_usage_policy_for_consumer_facing_advice() -> None:
    found = by_id(scenario("legal-advice-tool"))
    risk = found["beyond_summary.high_risk_to_users"]
    assert risk["severity"] == "high" and "D.2" in risk["citation"]["compare"] and "consumer-facing" in risk["text"]
    assert found["competitive_use.specialist_product_line"]["severity"] == "medium"
    assert found["competitive_use.none_needed_confirm"]["kind"] == "question"
    assert "ownership.review_before_release" not in found, "a live tool is monitored, not reviewed output by output"
    assert "compare §D.3" in found["ownership.monitor_live_outputs"]["text"]
    assert settled("legal-advice-tool") == []
    assert decision_for(scenario("legal-advice-tool")).id == "needs_counsel"


def test_personal_accounts_and_the_direct_api_are_told_apart_from_bedrock() -> None:
    found = by_id(scenario("api-and-consumer-accounts"))
    personal = found["training.personal_accounts"]
    assert personal["kind"] == "risk" and "not the company" in personal["title"]
    api = found["training.direct_api_terms"]
    assert api["kind"] == "question" and "not under the Bedrock agreement" in " ".join(api["text"].split())
    assert found["training.other_channel_may_train"]["severity"] == "high"


def test_claude_code_on_bedrock_is_asked_about_even_beside_another_channel() -> None:
    """The metadata notice reaches Claude Code on Bedrock whichever other channel the team also uses."""
    found = by_id(scenario("claude-code-and-api"))
    metadata = found["training.agent_tool_metadata"]
    assert metadata["kind"] == "question" and metadata["severity"] is None
    assert metadata["tags"] == frozenset(), "an open question for counsel, not a settled risk"
    assert metadata["citation"]["section"] == "training" and metadata["citation"]["compare"] == ()
    assert "AWS Service Terms" in metadata["citation"]["no_compare"]
    assert found["training.direct_api_terms"]["citation"]["compare"] == ("B",)
    assert not [f for f in found.values() if "training.agent_tools" in f["reads"] and f["kind"] in ("risk", "obligation")]
    assert decision_for(scenario("claude-code-and-api")).id == "needs_counsel"
    elsewhere = by_id(scenario("api-and-consumer-accounts"))  # other channels, no agent tools on Bedrock
    assert "training.agent_tool_metadata" not in elsewhere


def test_clients_privileged_files_are_a_question_for_counsel_cited_to_confidentiality_and_data_protection() -> None:
    found = by_id(scenario("law-firm-privileged-files"))
    privilege = found["confidentiality.privilege_and_client_consent"]
    assert privilege["kind"] == "question" and privilege["tags"] == frozenset()
    assert privilege["citation"]["section"] == "confidentiality" and privilege["citation"]["compare"] == ("E.1", "E.2")
    assert "waives" in privilege["text"] and "engagement terms or consents" in privilege["text"]
    assert "owed to the customer that accepted the terms" in " ".join(privilege["text"].split())
    personal = found["confidentiality.privileged_personal_data"]
    assert personal["kind"] == "question" and personal["citation"]["compare"] == ("C",)
    assert found["confidentiality.privileged_material_clearance"]["kind"] == "recommendation"
    assert "confidentiality.sector_clearance" not in found, "privilege is a client duty, not a sector rule"
    assert settled("law-firm-privileged-files") == []
    decision = decision_for(scenario("law-firm-privileged-files"))
    assert decision.id == "needs_counsel" and "confidentiality.privilege_and_client_consent" in decision.deciding
    none_ticked = by_id(scenario("legal-advice-tool"))  # a legal tool whose sector rules are "none"
    assert not {"confidentiality.privilege_and_client_consent", "confidentiality.privileged_personal_data"} & set(none_ticked)


# -- the sweep of point 6 over every part: each fix that changes a kind or a decision ------------------


def test_anthropic_information_through_a_vendor_is_a_question_not_the_organisations_duty() -> None:
    """The confidentiality duties bind the parties to the terms; through an integrator's account that is likely the integrator."""
    found = by_id(scenario("vendor-anthropic-briefings"))
    question = found["confidentiality.anthropic_info_through_vendor"]
    assert question["kind"] == "question" and question["citation"]["compare"] == ("E.2",)
    text = " ".join(question["text"].split())
    assert "likely the vendor" in text and "non-disclosure agreement" in text and "we recommend" in text
    for duty in (
        "confidentiality.protect_anthropic_info",
        "confidentiality.contractors_anthropic_info",
        "confidentiality.representatives_anthropic_info",
    ):
        assert duty not in found, duty
    assert settled("vendor-anthropic-briefings") == []
    held = [f for f in found.values() if f["kind"] in ("protection", "obligation")]
    assert held and not [f["id"] for f in held if YOU.search(f"{f['title']} {f['text']}")]
    decision = decision_for(scenario("vendor-anthropic-briefings"))
    assert decision.id == "needs_counsel" and "confidentiality.anthropic_info_through_vendor" in decision.deciding


def test_advisers_who_need_anthropics_information_are_one_duty_and_no_high_risk() -> None:
    """Need-to-know representatives bound by confidentiality are a choice the summary allows (compare §E.2)."""
    found = by_id(scenario("advisers-see-anthropic-info"))
    duty = found["confidentiality.representatives_anthropic_info"]
    assert duty["kind"] == "obligation" and duty["citation"]["compare"] == ("E.2",)
    text = " ".join(duty["text"].split())
    assert "equal confidentiality" in text and "at least as strict as your own" not in text
    assert "confidentiality.contractors_anthropic_info" not in found, "one duty for advisers who need to know, not two"
    assert found["confidentiality.protect_anthropic_info"]["kind"] == "obligation"
    assert not [f["id"] for f in found.values() if f["flow"] == "confidentiality" and f["severity"] == "high"]
    decision = decision_for(scenario("advisers-see-anthropic-info"))
    assert decision.id == "needs_counsel" and decision.deciding == ("confidentiality.confidentiality_details",)


def test_fine_tuning_protects_the_customers_own_material_and_asks_about_the_rest() -> None:
    found = by_id(scenario("tune-on-own-and-licensed"))
    own = found["fine_tuning.materials_are_content"]
    assert own["kind"] == "protection" and "your own code, documents and examples" in " ".join(own["text"].split())
    others = found["fine_tuning.others_materials"]
    assert others["kind"] == "question" and others["citation"]["no_compare"]
    assert "fine_tuning.fine_tuning_permitted" not in found, "the permission is for the customer's own data"
    assert not [f for f in found.values() if "expressly permitted" in f["title"] + f["text"]]
    decision = decision_for(scenario("tune-on-own-and-licensed"))
    assert decision.id == "needs_counsel" and "fine_tuning.others_materials" in decision.deciding
    internal = by_id(scenario("fine-tune-internal"))  # own material only: the permission stands, nothing is asked
    assert "fine_tuning.fine_tuning_permitted" in internal and "fine_tuning.others_materials" not in internal


def test_claims_beyond_the_four_rights_are_checked_in_the_way_a_live_tool_allows() -> None:
    """A live tool cannot review each output first: the advice is monitoring, as for other live outputs (compare §D.3)."""
    live = by_id(scenario("legal-advice-tool"))["indemnification.non_ip_claims"]
    reduce = " ".join(live["text"].split())
    assert "monitor samples" in reduce and "Review outputs before release" not in reduce


def test_access_passed_on_without_charge_is_a_question_whether_it_is_resale() -> None:
    """Only answers that establish resale (others pay for access) carry the approval tag; a free gateway is asked."""
    found = by_id(scenario("gateway-without-charge"))
    question = found["beyond_summary.shared_access_characterisation"]
    assert question["kind"] == "question" and question["citation"]["compare"] == ("D.4(a)",)
    assert "not settled" in question["text"] and "if counsel concludes it is" in question["text"]
    assert "beyond_summary.resale_restricted" not in found and settled("gateway-without-charge") == []
    assert found["beyond_summary.export_sanctions"]["citation"]["compare"] == ("M.8",), "outsiders still reach Claude"
    decision = decision_for(scenario("gateway-without-charge"))
    assert decision.id == "needs_counsel" and "beyond_summary.shared_access_characterisation" in decision.deciding
    assert decision_for(scenario("resale-platform-eu")).id == "needs_anthropic_approval", "paid access stays resale"
