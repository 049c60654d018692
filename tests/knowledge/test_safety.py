"""Issue 8: the knowledge data and pages never advise self-care where it could harm."""

import re

import pytest

from apps.knowledge.models import (
    HIP_INVOLVEMENTS,
    Involvement,
    Muscle,
    SelfCare,
    Technique,
    TechniqueKind,
    TriggerPoint,
)

pytestmark = pytest.mark.django_db

PROFESSIONAL_ONLY = [
    "longus-colli-1",
    "levator-ani-1",
    "coccygeus-1",
    "obturator-internus-1",
    "popliteus-1",
    "popliteus-2",
    "gastrocnemius-3",
    "plantaris-1",
    "stylohyoid-1",
    "digastric-posterior",
    "tibialis-posterior-1",
    "quadratus-femoris-1",
    "iliopsoas-distal",
    "pectineus-1",
    "anterior-scalene-1",
    "middle-scalene-1",
    "posterior-scalene-1",
    "subscapularis-lateral",
]

NECK_STRETCH_MUSCLES = [
    "sternocleidomastoid",
    "trapezius",
    "levator-scapulae",
    "anterior-scalene",
    "middle-scalene",
    "posterior-scalene",
    "splenius-capitis",
    "suboccipital-muscles",
    "longus-colli",
]

HIP_STRETCH_MUSCLES = [
    "iliopsoas",
    "piriformis",
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "tensor-fasciae-latae",
    "obturator-internus",
    "rectus-femoris",
    "biceps-femoris",
]

PRESS_WORDS = re.compile(r"\b(press|stroke|massage|roll|rub|knead|lean into)", re.IGNORECASE)


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("slug", PROFESSIONAL_ONLY)
def test_points_that_are_not_for_self_treatment_say_who_treats_them(slug):
    point = TriggerPoint.objects.get(slug=slug)
    assert point.self_treatable is False
    assert point.treated_by
    assert not point.self_care.exists()


def test_no_page_tells_the_user_to_press_a_professional_only_point(client):
    points = TriggerPoint.objects.filter(self_treatable=False).select_related("muscle")
    assert points.count() >= len(PROFESSIONAL_ONLY)
    for point in points:
        page = html(client, point.get_absolute_url())
        assert "Not for self-treatment" in page, point.slug
        assert "Treat it yourself" not in page, point.slug
        assert 'class="self-care"' not in page, point.slug
        assert "press here" not in page, point.slug
        assert point.treated_by in page, point.slug
        for text in [point.palpation, *point.cautions]:
            for sentence in re.split(r"(?<=[.;])\s", text):
                if PRESS_WORDS.search(sentence):
                    assert re.search(
                        r"professional|clinician|examines|do not|not for|never|pressing",
                        sentence,
                        re.IGNORECASE,
                    ), f"{point.slug}: {sentence}"
        muscle_page = html(client, point.muscle.get_absolute_url())
        assert f"treated by {point.treated_by}" in muscle_page


def test_no_technique_page_lists_a_professional_only_point(client):
    for technique in Technique.objects.filter(kind=TechniqueKind.SELF):
        page = html(client, technique.get_absolute_url())
        for point in TriggerPoint.objects.filter(self_treatable=False):
            assert f'href="{point.get_absolute_url()}"' not in page, (technique.slug, point.slug)


def test_the_api_offers_no_self_care_for_a_professional_only_point(client):
    data = client.get("/api/trigger-points/popliteus-1/").json()
    assert data["self_treatable"] is False
    assert data["self_care"] == []
    assert data["treated_by"]


def test_the_pectoralis_arrhythmia_point_is_not_a_pain_pattern_nor_for_self_treatment():
    point = TriggerPoint.objects.get(slug="pectoralis-major-arrhythmia")
    assert point.refers_pain is False
    assert point.self_treatable is False
    assert any("heartbeat" in sign for sign in point.warning_signs)
    assert not any("heartbeat" in symptom for symptom in point.symptoms)
    assert TriggerPoint.objects.filter(refers_pain=False).count() == 1


@pytest.mark.parametrize("slug", ["anterior-scalene-1", "middle-scalene-1", "posterior-scalene-1"])
def test_scalene_patterns_reach_the_fingers(slug):
    regions = TriggerPoint.objects.get(slug=slug).zones.values_list("region__slug", flat=True)
    assert "fingers-r" in regions
    assert "thumb-r" in regions


def test_sternocleidomastoid_eye_ear_and_balance_symptoms_are_warning_signs(client):
    points = TriggerPoint.objects.filter(muscle__slug="sternocleidomastoid")
    symptoms = " ".join(s for point in points for s in point.symptoms).lower()
    signs = " ".join(s for point in points for s in point.warning_signs).lower()
    for word in ("vision", "eyelid", "hearing", "dizziness"):
        assert word in signs
        assert word not in symptoms
    page = html(client, "/trigger-points/sternocleidomastoid-sternal-mid/")
    assert "Warning signs: see a doctor first if these are new" in page
    assert page.index("Warning signs") < page.index("Treat it yourself")


def test_every_neck_stretch_carries_the_stop_rule(client):
    stretches = [m for m in Muscle.objects.all() if Involvement.NECK_STRETCH in m.stretch_involves]
    assert set(NECK_STRETCH_MUSCLES) <= {muscle.slug for muscle in stretches}
    for muscle in stretches:
        rule = " ".join(muscle.stretch_cautions)
        for warning in ("dizziness", "double", "speaking", "swallowing", "numbness", "nausea"):
            assert warning in rule, (muscle.slug, warning)
    assert "double or blurred vision" in html(client, "/muscles/levator-scapulae/")


def test_every_hip_stretch_carries_the_hip_replacement_caution(client):
    slugs = set()
    for muscle in Muscle.objects.all():
        if HIP_INVOLVEMENTS & set(muscle.stretch_involves):
            slugs.add(muscle.slug)
            assert any("hip replacement" in c for c in muscle.stretch_cautions), muscle.slug
    assert set(HIP_STRETCH_MUSCLES) <= slugs
    assert "If you have a hip replacement" in html(client, "/muscles/piriformis/")


def test_psoas_is_never_placed_beside_the_navel_and_warns_about_the_aorta_and_blood_thinners():
    point = TriggerPoint.objects.get(slug="iliopsoas-psoas")
    text = " ".join([point.palpation, *(s for c in point.self_care.all() for s in c.steps)])
    assert not re.search(
        r"finger-?\s?widths? (to the right of|from) (and level with )?the navel", text
    )
    cautions = " ".join(point.cautions)
    assert "aorta" in cautions and "pulse" in cautions
    assert "blood thinners" in cautions


def test_no_body_weight_ball_on_the_sciatic_nerve_or_in_alcocks_canal():
    for care in SelfCare.objects.filter(trigger_point__muscle__slug__in=["piriformis"]):
        lying_or_sitting_on = re.compile(r"(?<!not )\b(lie|lying|sit|sitting) on\b", re.I)
        steps = " ".join(care.steps)
        assert "ball" not in steps or not lying_or_sitting_on.search(steps), care
    for slug in [
        "gluteus-maximus-2",
        "gluteus-maximus-3",
        "piriformis-lateral",
        "piriformis-medial",
    ]:
        for care in SelfCare.objects.filter(trigger_point__slug=slug):
            steps = " ".join(care.steps)
            assert "Lie on the back" not in steps and "sit on a firm" not in steps, slug
    for care in SelfCare.objects.all():
        steps = " ".join(care.steps).lower()
        if "ball" in steps:
            assert "inside the right sit bone" not in steps, care
            assert "between the sit bone and the anus" not in steps or "never" in steps, care


def test_body_weight_and_face_down_self_care_is_tagged():
    lying_on_ball = re.compile(r"(lie|lying) on (the|your) back[^.]*\b(tennis|lacrosse) ball", re.I)
    face_down = re.compile(r"\b(lie|lying) face down\b", re.I)
    for care in SelfCare.objects.select_related("trigger_point"):
        steps = " ".join(care.steps)
        if lying_on_ball.search(steps):
            assert Involvement.BODY_WEIGHT in care.involves, care
            assert Involvement.TOOL in care.involves, care
        if face_down.search(steps):
            assert Involvement.FACE_DOWN in care.involves, care


def test_belly_and_back_pressure_is_tagged_for_the_about_you_answers():
    psoas = SelfCare.objects.get(
        trigger_point__slug="iliopsoas-psoas", technique__slug="sustained-pressure"
    )
    assert {Involvement.BELLY, Involvement.DEEP_PRESSURE} <= set(psoas.involves)
    multifidus = SelfCare.objects.filter(trigger_point__slug="multifidus-thoracic").first()
    assert {Involvement.RIBS_OR_SPINE, Involvement.BODY_WEIGHT} <= set(multifidus.involves)
    stretch = SelfCare.objects.filter(
        trigger_point__muscle__slug="piriformis", technique__slug="stretching"
    ).first()
    assert Involvement.HIP_FLEXION_PAST_90 in stretch.involves


GENERAL_CONTRAINDICATIONS = [
    "Blood thinners",
    "Pregnancy",
    "blood clot",
    "recent injury",
    "Cancer",
    "Osteoporosis",
    "Broken, infected",
    "Diabetes",
    "Fever",
    "Lymphoedema",
    "joint replacement",
    "Neck instability",
]


def test_every_self_technique_page_lists_the_general_contraindications_completely(client):
    for technique in Technique.objects.filter(kind=TechniqueKind.SELF):
        page = html(client, technique.get_absolute_url())
        for topic in GENERAL_CONTRAINDICATIONS:
            assert topic in page, (technique.slug, topic)


def test_every_self_care_uses_its_techniques_dose_and_the_technique_page_shows_it(client):
    for care in SelfCare.objects.select_related("technique"):
        assert care.dose == care.technique.dose, care
    technique = Technique.objects.get(slug="sustained-pressure")
    assert set(technique.dose_rule) == {"each_time", "how_often", "spots", "how_hard"}
    page = html(client, technique.get_absolute_url())
    assert "30-60 seconds" in page and "8-12 seconds" not in page
    assert "no more than about 6 spots" in page
    point_page = html(client, "/trigger-points/infraspinatus-1/")
    assert technique.dose_rule["each_time"] in point_page


def test_every_self_care_block_links_the_one_stop_list(client):
    for slug in ["infraspinatus-1", "temporalis-1", "iliopsoas-psoas"]:
        page = html(client, f"/trigger-points/{slug}/")
        treat = page[page.index("Treat it yourself") :]
        assert 'href="/self-care/when-to-stop/"' in treat
    assert 'href="/self-care/when-to-stop/"' in html(client, "/techniques/sustained-pressure/")
    assert 'href="/self-care/when-to-stop/"' in html(client, "/muscles/trapezius/")


def test_the_stop_list_names_every_reason_to_stop(client):
    page = html(client, "/self-care/when-to-stop/")
    for reason in (
        "New numbness, tingling or weakness",
        "Dizziness or a change of vision",
        "Swelling or bruising",
        "Pain spreading or getting worse each day",
        "Night pain",
        "No progress after 2-3 weeks",
    ):
        assert reason in page


def test_what_is_a_trigger_point_explains_the_signs_and_cites_the_reliability_studies(client):
    page = html(client, "/trigger-points/")
    for text in ("taut band", "hypersensitive spot", "Referred pain", "active", "latent"):
        assert text in page
    for source in (
        "https://doi.org/10.1093/pm/pnx207",
        "https://doi.org/10.1016/S0304-3959(96)03248-4",
        "https://doi.org/10.1097/AJP.0b013e31817e13b6",
    ):
        assert source in page


def test_beyond_self_treatment_names_the_checks_and_cites_nice(client):
    page = html(client, "/self-care/beyond/")
    for text in ("2-3 weeks", "Iron", "Vitamin D", "Thyroid", "Vitamin B12", "Statins", "sleep"):
        assert text in page
    assert "https://www.nice.org.uk/guidance/ng193" in page
    assert "exercise" in page


def test_trigger_point_pages_link_both_explanations(client):
    page = html(client, "/trigger-points/temporalis-1/")
    assert 'href="/trigger-points/"' in page
    assert 'href="/self-care/beyond/"' in page


def test_the_point_that_is_not_a_pain_pattern_is_never_shown_mirrored(client):
    page = html(client, "/trigger-points/pectoralis-major-arrhythmia/?side=l")
    assert "right side" in page
    assert "show the left side" not in page
    assert "not a pain pattern" in page


def test_every_self_treatable_point_says_where_to_press_in_its_own_words():
    from apps.knowledge.selectors import trigger_point_queryset, where_to_press

    pressed = 0
    for point in trigger_point_queryset():
        where = where_to_press(point)
        if not point.self_treatable:
            assert where is None, point.slug
            continue
        assert point.palpation, point.slug
        if where is None:
            continue
        pressed += 1
        assert "press firmly for a few seconds" not in where.first_step.lower(), point.slug
        assert len(where.first_step) > 30, point.slug
        assert "7 out of 10" in where.dose or "10" in where.dose, point.slug
    assert pressed >= 170


def test_the_involvement_vocabulary_does_not_need_django():
    import subprocess
    import sys

    code = (
        "import sys, apps.knowledge.involvement; "
        "sys.exit(any(m.startswith('django') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
