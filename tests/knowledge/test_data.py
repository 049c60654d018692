"""The knowledge base itself: coverage, every region reachable, mirroring."""

import pytest

from apps.bodymap.models import mirror_slug
from apps.bodymap.regions import region_catalogue
from apps.knowledge.models import Crossing, Muscle, ReferralZone, TriggerPoint, ZoneKind
from apps.knowledge.selectors import referral_of, site_of

pytestmark = pytest.mark.django_db

REQUIRED_MUSCLES = [
    "temporalis",
    "masseter",
    "lateral-pterygoid",
    "medial-pterygoid",
    "digastric",
    "occipitofrontalis",
    "orbicularis-oculi",
    "zygomaticus-major",
    "platysma",
    "sternocleidomastoid",
    "splenius-capitis",
    "splenius-cervicis",
    "semispinalis-capitis",
    "semispinalis-cervicis",
    "suboccipital-muscles",
    "anterior-scalene",
    "middle-scalene",
    "posterior-scalene",
    "longus-colli",
    "levator-scapulae",
    "trapezius",
    "supraspinatus",
    "infraspinatus",
    "teres-minor",
    "teres-major",
    "subscapularis",
    "rhomboid-major",
    "rhomboid-minor",
    "serratus-anterior",
    "serratus-posterior-superior",
    "serratus-posterior-inferior",
    "latissimus-dorsi",
    "deltoid",
    "pectoralis-major",
    "pectoralis-minor",
    "subclavius",
    "sternalis",
    "coracobrachialis",
    "biceps-brachii",
    "brachialis",
    "triceps-brachii",
    "anconeus",
    "brachioradialis",
    "extensor-carpi-radialis-longus",
    "extensor-carpi-radialis-brevis",
    "extensor-carpi-ulnaris",
    "extensor-digitorum",
    "extensor-indicis",
    "supinator",
    "palmaris-longus",
    "flexor-carpi-radialis",
    "flexor-carpi-ulnaris",
    "flexor-digitorum-superficialis",
    "flexor-digitorum-profundus",
    "flexor-pollicis-longus",
    "pronator-teres",
    "adductor-pollicis",
    "opponens-pollicis",
    "interossei-hand",
    "abductor-digiti-minimi-hand",
    "iliocostalis-thoracis",
    "iliocostalis-lumborum",
    "longissimus-thoracis",
    "multifidus",
    "rectus-abdominis",
    "external-oblique",
    "internal-oblique",
    "transversus-abdominis",
    "pyramidalis",
    "diaphragm",
    "intercostals",
    "quadratus-lumborum",
    "iliopsoas",
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "piriformis",
    "obturator-internus",
    "quadratus-femoris",
    "levator-ani",
    "coccygeus",
    "tensor-fasciae-latae",
    "sartorius",
    "pectineus",
    "rectus-femoris",
    "vastus-medialis",
    "vastus-intermedius",
    "vastus-lateralis",
    "adductor-longus",
    "adductor-brevis",
    "adductor-magnus",
    "gracilis",
    "biceps-femoris",
    "semitendinosus",
    "semimembranosus",
    "popliteus",
    "gastrocnemius",
    "soleus",
    "plantaris",
    "tibialis-anterior",
    "tibialis-posterior",
    "fibularis-longus",
    "fibularis-brevis",
    "fibularis-tertius",
    "extensor-digitorum-longus",
    "extensor-hallucis-longus",
    "flexor-digitorum-longus",
    "flexor-hallucis-longus",
    "extensor-digitorum-brevis",
    "extensor-hallucis-brevis",
    "abductor-hallucis",
    "flexor-digitorum-brevis",
    "abductor-digiti-minimi-foot",
    "quadratus-plantae",
    "adductor-hallucis",
    "flexor-hallucis-brevis",
    "interossei-foot",
]


def test_coverage_floor_of_muscles_and_trigger_points():
    assert Muscle.objects.count() >= 110
    assert TriggerPoint.objects.count() >= 180
    missing = set(REQUIRED_MUSCLES) - set(Muscle.objects.values_list("slug", flat=True))
    assert not missing


def test_trapezius_has_upper_middle_and_lower_trigger_points():
    names = " ".join(
        TriggerPoint.objects.filter(muscle__slug="trapezius").values_list("slug", flat=True)
    )
    for part in ("upper", "middle", "lower"):
        assert part in names


def test_every_region_lies_in_some_essential_zone_on_one_side_or_the_other():
    covered = set()
    for point in TriggerPoint.objects.prefetch_related("zones__region"):
        for side in ("r", "l"):
            covered.update(referral_of(point, side).essential)
    assert covered == set(region_catalogue().regions)


def test_every_trigger_point_is_complete():
    for point in TriggerPoint.objects.prefetch_related("self_care", "citations", "zones"):
        assert point.location and point.palpation and point.see_a_professional, point.slug
        assert point.self_care.exists() == point.self_treatable, point.slug
        assert bool(point.treated_by) != point.self_treatable, point.slug
        assert point.citations.exists(), point.slug
        assert point.zones.filter(kind=ZoneKind.ESSENTIAL).exists(), point.slug
        assert point.activation, point.slug


def test_left_trigger_point_refers_to_left_regions_except_midline_and_crossing_zones():
    catalogue = region_catalogue()
    for point in TriggerPoint.objects.prefetch_related("zones__region"):
        crossing = {
            zone.region.slug for zone in point.zones.all() if zone.crossing != Crossing.SAME
        }
        right, left = referral_of(point, "r"), referral_of(point, "l")
        for slug in left.essential + left.spillover:
            if catalogue[slug].side == "mid" or mirror_slug(slug) in crossing or slug in crossing:
                continue
            assert slug.endswith("-l"), f"{point.slug} left refers to {slug}"
        assert sorted(map(mirror_slug, right.essential)) == sorted(left.essential), point.slug
        assert sorted(map(mirror_slug, right.spillover)) == sorted(left.spillover), point.slug


def test_crossing_zones_reach_the_other_side():
    zone = (
        ReferralZone.objects.filter(crossing=Crossing.BOTH)
        .select_related("trigger_point", "region")
        .first()
    )
    assert zone is not None, "the data has a zone that crosses the midline"
    regions = referral_of(zone.trigger_point, "r")
    slugs = regions.essential + regions.spillover
    assert zone.region.slug in slugs and mirror_slug(zone.region.slug) in slugs


def test_left_site_mirrors_the_right_site():
    point = TriggerPoint.objects.get(slug="temporalis-1")
    right, left = site_of(point, "r"), site_of(point, "l")
    assert right.region == "temple-r" and left.region == "temple-l"
    assert left.y == right.y and left.x != right.x
