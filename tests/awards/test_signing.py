"""Signing the issued decision (PAdES with pyHanko) and checking a PDF signed elsewhere, against a
certificate authority the test builds itself (cryptography, no network)."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from awards.documents import signing


def _name(common, organisation="Tổng Liên đoàn Lao động Việt Nam"):
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ])


class TestAuthority:
    """A root authority and certificates it issues, made at test time."""

    __test__ = False

    def __init__(self, name="CA thử nghiệm của cổng thi đua"):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name)).issuer_name(_name(name))
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )

    def issue(self, common, organisation="Liên đoàn Lao động tỉnh Điện Biên"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common, organisation)).issuer_name(self.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return key, cert

    def pkcs12(self, tmp_path, common, password="mat-khau-thu", filename="ky-so.p12", **kwargs) -> dict:
        key, cert = self.issue(common, **kwargs)
        data = pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, [self.cert], serialization.BestAvailableEncryption(password.encode())
        )
        path = tmp_path / filename
        path.write_bytes(data)
        return {"pkcs12": str(path), "password": password}

    def root_pem(self, tmp_path) -> str:
        path = tmp_path / "goc.pem"
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return str(path)

    def roots(self):
        from asn1crypto import x509 as asn1_x509

        return [asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))]


@pytest.fixture(scope="module")
def authority():
    return TestAuthority()


def a_pdf(text="Quyết định số 125/QĐ-LĐLĐ") -> bytes:
    from awards.documents.pdf import html_to_pdf

    return html_to_pdf(f"<p style='font-family: Liberation Serif'>{text}</p>")


def test_a_pdf_signed_with_the_units_certificate_validates_against_the_authority(authority, tmp_path):
    key = authority.pkcs12(tmp_path, "Lò Văn Mừng")
    signed = signing.sign_pdf(a_pdf(), key=key, reason="Ban hành quyết định", location="Điện Biên")
    check = signing.check_pdf(signed, roots=authority.roots())
    assert check.ok and check.intact and check.whole_file and check.trusted is True
    assert check.signer_name == "Lò Văn Mừng"
    assert check.signer_organisation == "Liên đoàn Lao động tỉnh Điện Biên"
    assert check.issuer_name == "CA thử nghiệm của cổng thi đua"
    assert check.signed_at is not None

    # pyHanko's own validation with the authority as the only trust root agrees (PAdES: ETSI.CAdES.detached).
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    context = ValidationContext(trust_roots=authority.roots(), allow_fetching=False, revocation_mode="soft-fail")
    status = signing.run_async(async_validate_pdf_signature, embedded, context)
    assert status.bottom_line


def test_another_authority_is_not_trusted_but_the_signature_is_still_intact(authority, tmp_path):
    stranger = TestAuthority("CA lạ")
    signed = signing.sign_pdf(a_pdf(), key=stranger.pkcs12(tmp_path, "Người lạ"))
    check = signing.check_pdf(signed, roots=authority.roots())
    assert check.intact and check.whole_file and check.trusted is False
    # With no authority configured the portal does not claim either way.
    assert signing.check_pdf(signed, roots=[]).trusted is None


def test_a_pdf_changed_after_signing_is_reported(authority, tmp_path):
    signed = signing.sign_pdf(a_pdf(), key=authority.pkcs12(tmp_path, "Lò Văn Mừng"))
    # A byte of the signed content changed (a figure in the text stream): the digest no longer matches.
    at = signed.index(b"stream") + 20
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]
    check = signing.check_pdf(tampered, roots=authority.roots())
    assert not check.ok and check.changed_after_signing and check.problem


def test_a_pdf_with_content_added_after_signing_is_reported(authority, tmp_path):
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = signing.sign_pdf(a_pdf(), key=authority.pkcs12(tmp_path, "Lò Văn Mừng"))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root[NameObject("/Lang")] = TextStringObject("en")  # a new revision after the signature
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    check = signing.check_pdf(out.getvalue(), roots=authority.roots())
    assert check.intact and not check.whole_file
    assert not check.ok and check.changed_after_signing
    assert "after it was signed" in check.problem or "sau khi ký" in check.problem


def test_an_unsigned_or_broken_file_is_said_so():
    assert not signing.check_pdf(a_pdf()).signed
    assert signing.check_pdf(a_pdf()).problem
    assert not signing.check_pdf(b"not a pdf at all").ok


def test_a_wrong_password_is_a_clear_refusal(authority, tmp_path):
    key = authority.pkcs12(tmp_path, "Lò Văn Mừng")
    with pytest.raises(signing.SigningUnavailable):
        signing.sign_pdf(a_pdf(), key={**key, "password": "sai"})


def test_signing_and_checking_work_where_the_thread_runs_an_event_loop(authority, tmp_path):
    """As in a browser test's thread (Playwright keeps a loop running) or under an ASGI server."""
    import asyncio

    key = authority.pkcs12(tmp_path, "Lò Văn Mừng")
    data = a_pdf()

    async def inside_a_loop():
        signed = signing.sign_pdf(data, key=key)
        return signing.check_pdf(signed, roots=authority.roots())

    import concurrent.futures

    # A thread of its own, whose loop runs the synchronous calls (the test's thread may run one already).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(lambda: asyncio.run(inside_a_loop())).result().ok
