"""The certificate PDF carries the signed credential: extracted, it is the JSON download."""

import io
import json
import re

from django.utils import timezone

from pypdf import PdfReader

from certificates.credentials import verifier

from .conftest import public_documents


def test_the_embedded_credential_equals_the_download(client, certificate, holder):
    client.force_login(holder)
    pdf = b"".join(client.get(f"/en/certificates/{certificate.code}/download/").streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == ["credential.json"]
    embedded = reader.attachments["credential.json"][0]
    download = client.get(f"/en/verify/{certificate.code}/credential.json").content
    assert embedded == download

    # PDF/A-3: the file is an associated file of the document, described as the same content.
    root = reader.trailer["/Root"]
    associated = [spec.get_object() for spec in root["/AF"]]
    assert {spec["/F"] for spec in associated} == {"credential.json"}
    assert {spec["/AFRelationship"] for spec in associated} == {"/Alternative"}
    metadata = root["/Metadata"].get_object().get_data()
    assert re.search(rb'pdfaid:part(="|>)3', metadata)


def test_the_embedded_credential_verifies(client, certificate):
    reader = PdfReader(io.BytesIO(certificate.pdf.open("rb").read()))
    credential = json.loads(reader.attachments["credential.json"][0])
    verdict = verifier.credential_verify(
        credential,
        now=timezone.now(),
        documents=public_documents(client, credential),
    )
    assert verdict.status == verifier.VALID, verdict.problems
