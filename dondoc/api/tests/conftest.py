import io

import pytest
from rest_framework.test import APIClient

from dondoc.accounts.services import api_token_create


def make_pdf() -> bytes:
    from dondoc.tests.factory import pdf_bytes

    return pdf_bytes()


def make_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch tiến độ")
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def api():
    """An API client that authenticates with a personal token of the given user."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, key = api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for
