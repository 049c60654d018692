"""What the matcher says to the user, in one place: why a trigger point ranks where it
does, and the words for how common it is and how likely it is to be active. Pure Python:
the engine explains each suggestion with it, and the results page (both sides on one card)
and the API read the same sentences."""

from collections.abc import Sequence

from apps.vocabulary import Feedback, Prevalence, Status

COMMONNESS: dict[Prevalence, str] = {
    Prevalence.VERY_COMMON: "very common in clinic",
    Prevalence.COMMON: "common in clinic",
    Prevalence.OCCASIONAL: "found now and then in clinic",
    Prevalence.UNCOMMON: "less common in clinic",
}

FEEDBACK_PREFIX: dict[Feedback, str] = {
    Feedback.CONFIRMED: "Active: you recognised your pain when pressing it",
    Feedback.DENIED: "You said it is not tender, so it moved down",
}
# Before pressing, only a guess: an active trigger point is one whose referred pain the
# person recognises as their own (international consensus, Fernández-de-las-Peñas &
# Dommerholt 2018).
STATUS_PREFIX: dict[Status, str] = {
    Status.ACTIVE: "Possibly active",
    Status.LATENT: "Possibly latent",
}
LATENT_NOTE = " (those areas hurt only when pressed)"
# The badge on a results card.
CONFIRMED_BADGE = "Active: you recognised your pain"


def joined(labels: Sequence[str]) -> str:
    """“a”, “a and b”, “a, b and c”."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def main_areas(count: int) -> str:
    """“1 main area”, “4 main areas”."""
    return f"{count} main area{'s' * (count != 1)}"


def badge(status: Status, feedback: Feedback | None) -> str:
    """The badge of a result: confirmed by pressing, else the guess from the pain map."""
    return CONFIRMED_BADGE if feedback is Feedback.CONFIRMED else STATUS_PREFIX[status]


def why(
    *,
    essential: Sequence[str],
    spillover: Sequence[str],
    feedback: Feedback | None,
    status: Status,
    marked: int,
    at_site: bool,
    main_zone: str,
    prevalence: Prevalence,
) -> str:
    """Why a suggestion ranks where it does, in one plain sentence. `essential` and
    `spillover` name the marked regions in each part of its pattern (one at least), as they
    read mid-sentence (“right temple”); `marked` counts the regions of the whole map;
    `main_zone` is the size of its main zone in words (“4 main areas”)."""
    if feedback is not None:
        prefix = FEEDBACK_PREFIX[feedback]
    else:
        prefix = STATUS_PREFIX[status]
        if status is Status.LATENT:
            prefix += LATENT_NOTE
    if not spillover:
        zones = f"its main zone covers your {joined(essential)}"
    elif essential:
        zones = (
            f"its main zone covers your {joined(essential)} and its occasional zone your "
            f"{joined(spillover)}"
        )
    else:
        zones = f"its occasional zone covers your {joined(spillover)}"
    site = ", and you marked the spot where it lies" if at_site else ""
    return (
        f"{prefix}: {zones} ({len(essential) + len(spillover)} of your {marked} areas; "
        f"{len(essential)} of its {main_zone}){site}; {COMMONNESS[prevalence]}."
    )
