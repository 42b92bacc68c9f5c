"""The settings page's forms, API tokens made and revoked from it, the export, deleting everything, and About.

Alice owns what she changes; bob, on the same server, gets 404 for her token and changes nothing of hers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.web.conftest import PASSWORD, Server, User, field_error, text_of


def test_the_profile_form_saves_and_the_api_reads_it_back(alice: User) -> None:
    saved = alice.post(
        "/settings/profile",
        data={"name": "Alice Smith", "current_role": "Account executive", "employer": "Acme",
              "values": "autonomy, learning ,", "currency": "eur"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert saved.headers["location"] == "/settings?saved=profile#profile"
    profile = alice.get("/api/v1/profile").json()["profile"]
    assert (profile["name"], profile["current_role"], profile["employer"]) == (
        "Alice Smith",
        "Account executive",
        "Acme",
    )
    assert (profile["values"], profile["currency"]) == (["autonomy", "learning"], "EUR")
    page = alice.get("/settings?saved=profile")
    assert "Profile saved." in text_of(page.text)
    assert 'value="autonomy, learning"' in page.text
    assert 'value="EUR"' in page.text


def test_profile_errors_stand_beside_their_fields_and_keep_what_was_typed(alice: User) -> None:
    answer = alice.post(
        "/settings/profile",
        data={"name": "Alice", "current_role": "Analyst", "employer": "", "values": "", "currency": "euro"},
    )
    assert answer.status_code == 422
    assert "not a three-letter code" in (field_error(answer.text, "currency") or "")
    assert 'value="euro"' in answer.text
    assert 'value="Analyst"' in answer.text
    nameless = alice.post("/settings/profile", data={"name": " ", "currency": "USD"})
    assert field_error(nameless.text, "name") == "Your profile needs a name."
    assert alice.get("/api/v1/profile").json()["profile"]["currency"] == "USD"


def test_the_rhythm_and_the_monthly_target_save_and_refuse_what_they_cannot_hold(alice: User) -> None:
    saved = alice.post("/settings/cadence", data={"checkin": "weekly", "review": "monthly", "capacity": "8"})
    assert saved.status_code == 200
    assert "Rhythm saved." in text_of(saved.text)
    cadence = alice.get("/api/v1/cadence").json()
    assert (cadence["checkin"]["rhythm"], cadence["review"]["rhythm"]) == ("weekly", "monthly")
    assert cadence["weekly_capacity_hours"] == 8
    bad = alice.post("/settings/cadence", data={"checkin": "daily", "review": "monthly", "capacity": "8"})
    assert bad.status_code == 422
    assert "choose weekly, fortnightly, monthly" in (field_error(bad.text, "checkin") or "")
    too_many = alice.post("/settings/cadence", data={"checkin": "weekly", "review": "monthly", "capacity": "200"})
    assert field_error(too_many.text, "capacity") is not None
    assert 'value="200"' in too_many.text

    assert alice.post("/settings/target", data={"target_hours": "10", "target_amount": "150"}).status_code == 200
    month = alice.get("/api/v1/ledger").json()["this_month"]
    assert (month["target_hours"], month["target_amount"]) == (10, 150)
    wrong = alice.post("/settings/target", data={"target_hours": "ten", "target_amount": "150"})
    assert wrong.status_code == 422
    assert "'ten' is not a number" in (field_error(wrong.text, "target_hours") or "")
    assert 'value="ten"' in wrong.text
    negative = alice.post("/settings/target", data={"target_hours": "10", "target_amount": "-5"})
    assert field_error(negative.text, "target_amount") == "The monthly target (amount) cannot be negative."
    alice.post("/settings/target", data={"target_hours": "", "target_amount": "150"})
    assert alice.get("/api/v1/ledger").json()["this_month"]["target_hours"] is None  # empty removes it


def test_a_token_is_shown_once_works_as_bearer_and_stops_when_revoked(server: Server, alice: User) -> None:
    made = alice.post("/settings/tokens", data={"token_name": "laptop script", "token_scope": "read"})
    assert made.status_code == 201
    secret = re.search(r'id="new-token-secret" type="text" readonly value="(hw_[^"]+)"', made.text)
    assert secret is not None
    assert "shown this once" in text_of(made.text)
    script = server.anonymous("script")
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    assert script.get("/api/v1/status", headers=bearer).status_code == 200
    again = alice.get("/settings").text
    assert secret.group(1) not in again
    assert "laptop script" in text_of(again)
    token_id = re.search(r'action="/settings/tokens/(\d+)/revoke"', again)
    assert token_id is not None
    revoked = alice.post(f"/settings/tokens/{token_id.group(1)}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert script.get("/api/v1/status", headers=bearer).status_code == 401
    assert "revoked 25 Nov 2026" in text_of(alice.get("/settings").text)


def test_a_token_needs_a_name_beside_its_field(alice: User) -> None:
    answer = alice.post("/settings/tokens", data={"token_name": "  ", "token_scope": "write"})
    assert answer.status_code == 422
    assert "Give the token a name" in (field_error(answer.text, "token_name") or "")
    assert re.search(r'<option value="write" selected>', answer.text)
    assert alice.get("/api/v1/account/tokens").json() == []


def test_bob_gets_404_for_alices_token_and_cannot_revoke_it(server: Server, alice: User, bob: User) -> None:
    made = alice.post("/settings/tokens", data={"token_name": "alice's", "token_scope": "read"})
    secret = re.search(r'value="(hw_[^"]+)"', made.text)
    assert secret is not None
    token_id = alice.get("/api/v1/account/tokens").json()[0]["id"]
    answer = bob.post(f"/settings/tokens/{token_id}/revoke")
    assert answer.status_code == 404
    assert "There is nothing here" in text_of(answer.text)
    assert "alice's" not in text_of(bob.get("/settings").text)
    still = server.anonymous("script").get("/api/v1/status", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert still.status_code == 200


def test_the_password_changes_with_the_current_one_only(server: Server, alice: User) -> None:
    wrong = alice.post("/settings/password", data={"current_password": "nope", "new_password": "a new long passphrase"})
    assert wrong.status_code == 422
    assert field_error(wrong.text, "current_password") == "The current password is wrong."
    assert "a new long passphrase" not in wrong.text  # passwords are never sent back
    short = alice.post("/settings/password", data={"current_password": PASSWORD, "new_password": "short"})
    assert "too short" in (field_error(short.text, "new_password") or "")
    done = alice.post(
        "/settings/password", data={"current_password": PASSWORD, "new_password": "a new long passphrase"}
    )
    assert done.status_code == 200
    assert "Password changed." in text_of(done.text)
    browser = server.anonymous()
    signed_in = browser.post(
        "/sign-in", data={"email": alice.email, "password": "a new long passphrase"}, follow_redirects=False
    )
    assert signed_in.status_code == 303


def test_sessions_are_listed_and_sign_out_everywhere_ends_them(alice: User) -> None:
    page = text_of(alice.get("/settings").text)
    assert "this one" in page
    assert "signed in 25 Nov 2026" in page
    ended = alice.post("/settings/sign-out-everywhere", follow_redirects=False)
    assert ended.status_code == 303
    assert ended.headers["location"] == "/sign-in"
    assert alice.get("/settings", follow_redirects=False).status_code == 303


def test_the_export_downloads_json_that_imports_into_a_fresh_account(server: Server, alice: User) -> None:
    alice.post("/settings/profile", data={"name": "Alice", "current_role": "Analyst", "currency": "GBP"})
    alice.post("/api/v1/goals", json={"title": "Lead a team", "why": "growth", "target_date": "2027-12-31"})
    export = alice.get("/settings/export")
    assert export.status_code == 200
    assert export.headers["content-type"] == "application/json"
    assert export.headers["content-disposition"] == 'attachment; filename="headway-export-2026-11-25.json"'
    document = json.loads(export.text)
    assert document["format"] == "headway-export"
    dana = server.sign_up("dana")
    imported = dana.post("/api/v1/import", json=document)
    assert imported.status_code == 200, imported.text
    assert imported.json()["profile"]["current_role"] == "Analyst"
    assert [g["title"] for g in dana.get("/api/v1/goals").json()["goals"]] == ["Lead a team"]
    assert 'href="/settings/export"' in alice.get("/settings").text


def import_file(user: User, content: bytes, name: str = "headway-export-2026-11-25.json") -> Any:
    """The import form as a browser sends it: multipart, the CSRF token a field of the form, not a header."""
    return user.post(
        "/settings/import",
        data={"csrf_token": user.csrf},
        files={"export": (name, content, "application/json")},
        headers={"X-CSRF-Token": ""},
        follow_redirects=False,
    )


def test_an_export_imports_through_the_form_into_an_empty_account(server: Server, alice: User) -> None:
    alice.post("/settings/profile", data={"name": "Alice", "current_role": "Analyst", "currency": "GBP"})
    alice.post("/api/v1/goals", json={"title": "Lead a team", "why": "growth", "target_date": "2027-12-31"})
    alice.post("/api/v1/investments", json={"category": "course", "hours": 2.5, "note": "Negotiation"})
    exported = alice.get("/settings/export").content
    dana = server.sign_up("dana")
    assert "Coming from another Headway? Import your export into this empty account." in text_of(dana.get("/").text)
    assert 'action="/settings/import#data" enctype="multipart/form-data"' in dana.get("/settings").text
    imported = import_file(dana, exported)
    assert imported.status_code == 303
    assert imported.headers["location"] == "/settings?saved=imported#data"
    assert "Imported: your whole record is here now." in text_of(dana.get(imported.headers["location"]).text)
    assert dana.get("/api/v1/profile").json()["profile"]["current_role"] == "Analyst"
    assert [g["title"] for g in dana.get("/api/v1/goals").json()["goals"]] == ["Lead a team"]
    assert [i["note"] for i in dana.get("/api/v1/investments").json()["investments"]] == ["Negotiation"]


def test_an_import_that_cannot_be_taken_says_why_beside_the_file_and_changes_nothing(
    server: Server, alice: User
) -> None:
    alice.post("/api/v1/goals", json={"title": "Lead a team", "why": "growth", "target_date": "2027-12-31"})
    exported = alice.get("/settings/export").content
    document = json.loads(exported)
    edited = json.dumps(document | {"profile": document["profile"] | {"priorities": "growth"}}).encode()
    erin = server.sign_up("erin")  # an empty record: only the file can be wrong
    for content, name, message in [
        (b"", "", "Choose the export file to import."),
        (b"goals,tasks\n1,2\n", "goals.csv", "'goals.csv' is not a Headway export: it is not JSON text"),
        (b"\xff\xfe{}", "export.json", "'export.json' is not a Headway export: it is not JSON text"),
        (b"[" * 200_000, "deep.json", "'deep.json' is not a Headway export: it is not JSON text"),
        (
            b'{"format": "something else"}',
            "other.json",
            'This file is not a Headway export (its "format" is not "headway-export").',
        ),
        (edited, "edited.json", "profile.priorities should be a JSON list of text"),
    ]:
        refused = import_file(erin, content, name)
        assert refused.status_code == 422, (name, refused.text[:300])
        assert (field_error(refused.text, "export") or "").startswith(message), (name, text_of(refused.text)[:600])
    assert erin.get("/api/v1/goals").json()["goals"] == []
    assert erin.get("/api/v1/profile").json()["profile"]["name"] == "Erin"

    into_mine = import_file(alice, exported, "mine.json")  # a record that is not empty takes nothing
    assert into_mine.status_code == 422
    assert (field_error(into_mine.text, "export") or "").startswith(
        "Your career record already holds 1 goal, and an import goes only into an empty record"
    )
    assert [g["title"] for g in alice.get("/api/v1/goals").json()["goals"]] == ["Lead a team"]


def test_delete_everything_needs_the_typed_word_then_deletes_the_account(server: Server, alice: User) -> None:
    page = alice.get("/settings").text
    assert 'action="/settings/delete" data-confirm=' in page
    refused = alice.post("/settings/delete", data={"confirm": "yes"})
    assert refused.status_code == 422
    assert field_error(refused.text, "confirm") == "Type delete to confirm: nothing was deleted."
    assert 'value="yes"' in refused.text
    assert alice.get("/api/v1/profile").status_code == 200
    deleted = alice.post("/settings/delete", data={"confirm": "delete"}, follow_redirects=False)
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/sign-up"
    browser = server.anonymous()
    gone = browser.post("/sign-in", data={"email": alice.email, "password": PASSWORD})
    assert gone.status_code == 401


def test_bob_cannot_delete_alices_record_with_his_own_form(alice: User, bob: User) -> None:
    bob.post("/settings/delete", data={"confirm": "delete"})
    assert alice.get("/api/v1/profile").status_code == 200


def test_about_gives_the_version_and_the_data_sources_without_a_sign_in(server: Server, alice: User) -> None:
    api = alice.get("/api/v1/about").json()
    for who in (server.anonymous(), alice):
        answer = who.get("/about")
        assert answer.status_code == 200
        words = text_of(answer.text)
        assert f"Headway {api['headway']}" in words
        assert f"O*NET {api['onet_version']} Database" in words
        for line in api["attributions"]:
            assert line in words
    assert 'href="/settings"' in alice.get("/about").text  # the signed-in navigation
