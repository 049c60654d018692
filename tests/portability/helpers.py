import json
from typing import Any

from django.test import Client


def download(client: Client, kind: str) -> bytes:
    response = client.get(f"/api/export/?format={kind}")
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def export_json(client: Client) -> dict[str, Any]:
    return json.loads(download(client, "json"))


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """An export with database ids replaced by positions (import gives new ids) and the
    export time left out: what must survive export -> erase -> import unchanged."""
    entry_ids = {entry["id"]: n for n, entry in enumerate(document["entries"])}
    measures = document["measures"]
    activity_ids = {a["id"]: n for n, a in enumerate(measures["functional_activities"])}
    return {
        "time_zone": document["account"]["time_zone"],
        "entries": [{**e, "id": entry_ids[e["id"]]} for e in document["entries"]],
        "treatments": [
            {**t, "id": None, "entry": entry_ids.get(t["entry"])} for t in document["treatments"]
        ],
        "activities": [
            {**a, "id": activity_ids[a["id"]]} for a in measures["functional_activities"]
        ],
        "ratings": [
            {
                **r,
                "id": None,
                "scores": [{**s, "activity": activity_ids[s["activity"]]} for s in r["scores"]],
            }
            for r in measures["functional_ratings"]
        ],
        "impressions": [{**i, "id": None} for i in measures["global_impressions"]],
        # Imported links are history only: revoked (their tokens are never exported).
        "share_links": [
            {**link, "id": None, "revoked_at": None} for link in document["share_links"]
        ],
    }
