"""Text no database can store (a NUL character) is refused with a Vietnamese 400 before any view runs."""

import pytest

from dondoc.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/van-ban/?q=a%00b", "/don-vi/?q=%00", "/theo-doi/?so=%00", "/nhat-ky/?loai=%00",
                                  "/nhac-viec/lich/ab%00cd.ics", "/api/units/?q=%00"])
def test_a_nul_character_in_an_address_is_refused(client, monitor, path):
    client.force_login(monitor)
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_written(client, monitor):
    client.force_login(monitor)
    response = client.post("/tai-khoan/", {"name": "máy\x00chủ"})
    assert response.status_code == 400 and "NUL" in response.content.decode()
    assert not ApiToken.objects.exists()
