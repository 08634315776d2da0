"""httplib.codes: every name and alias requests has, generated from one table."""

from __future__ import annotations

import requests

from httplib import codes


def test_common_names_and_upper_case_aliases():
    assert codes.ok == codes.OK == codes.okay == 200
    assert codes.not_found == codes.NOT_FOUND == 404
    assert codes["temporary_redirect"] == 307
    assert codes.teapot == codes.i_am_a_teapot == 418
    assert codes["\\o/"] == 200 and codes["✓"] == 200


def test_emoticons_have_no_upper_case_and_unknown_names_give_none():
    assert codes["/O\\"] is None
    assert codes["no_such_status"] is None


def test_a_shared_alias_belongs_to_the_later_status_as_in_requests():
    assert codes.precondition == 428


def test_every_requests_name_exists_with_the_same_status():
    names = {name: value for name, value in vars(requests.codes).items() if name != "name"}
    ours = {name: value for name, value in vars(codes).items() if name != "name"}
    assert ours == names
