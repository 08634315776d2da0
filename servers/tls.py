"""Certificates for the HTTPS demo servers, made fresh at every start.

Real HTTPS sites prove who they are with a certificate signed by a certificate
authority (CA) that your computer already trusts. Offline, we play every part:

* ``trustme`` makes a throw-away **local CA** and a certificate it signs for
  ``127.0.0.1`` and ``localhost``. Clients trust it only when told to, with
  ``verify=demo.ca_bundle``: exactly what you would do for a company's internal CA.
* A **self-signed** certificate, signed by its own key and in no bundle at all, stands
  in for self-signed.badssl.com: verification must fail.
* A **client certificate**, also from the local CA, for the ``mtls`` server, which
  asks every client to prove who *it* is (mutual TLS).

Nothing here is secret or lasting: the files live in the demo's temporary folder and
vanish on ``stop()``.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import Blueprint, jsonify, request

SERVER_NAMES = ("127.0.0.1", "localhost")
"""The names the server certificates are valid for."""

CLIENT_NAME = "workbook-client@example.test"
"""The identity in the client certificate (an e-mail style name, as clients often use)."""


@dataclass(frozen=True)
class Certificates:
    """Paths of the certificate files, and SSL contexts for the three HTTPS servers."""

    ca: trustme.CA
    server: trustme.LeafCert
    ca_bundle: Path
    client_cert: Path
    client_key: Path
    self_signed_cert: Path
    self_signed_key: Path

    def server_context(self) -> ssl.SSLContext:
        """TLS for a server whose certificate the local CA signed."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server.configure_cert(context)
        return context

    def self_signed_context(self) -> ssl.SSLContext:
        """TLS with a certificate that no CA vouches for."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.self_signed_cert, self.self_signed_key)
        return context

    def mutual_tls_context(self) -> ssl.SSLContext:
        """TLS that refuses clients without a certificate from the local CA."""
        context = self.server_context()
        context.verify_mode = ssl.CERT_REQUIRED
        self.ca.configure_trust(context)
        return context


def make_certificates(folder: Path) -> Certificates:
    """Create the local CA, the server and client certificates, and a self-signed one."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="httplib workbook local CA")
    server = ca.issue_cert(*SERVER_NAMES)
    client = ca.issue_cert(CLIENT_NAME)
    paths = {name: folder / name for name in
             ("ca.pem", "client.pem", "client.key", "self-signed.pem", "self-signed.key")}
    ca.cert_pem.write_to_path(paths["ca.pem"])
    client.cert_chain_pems[0].write_to_path(paths["client.pem"])
    client.private_key_pem.write_to_path(paths["client.key"])
    _write_self_signed(paths["self-signed.pem"], paths["self-signed.key"])
    return Certificates(ca, server, paths["ca.pem"], paths["client.pem"], paths["client.key"],
                        paths["self-signed.pem"], paths["self-signed.key"])


def _write_self_signed(cert_path: Path, key_path: Path) -> None:
    """A certificate whose issuer is its own subject: what ``openssl req -x509`` makes."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "self-signed.localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt_names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))


blueprint = Blueprint("mtls", __name__)


@blueprint.get("/")
def whoami():
    """Tell the client which certificate it presented (werkzeug passes it in the environ)."""
    pem = request.environ.get("SSL_CLIENT_CERT")
    if pem is None:  # the TLS layer demands one, so this only happens over plain HTTP
        return jsonify(error="no client certificate"), 400
    certificate = x509.load_pem_x509_certificate(pem.encode())
    return jsonify(client_certificate={
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "email": [str(n) for n in certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value.get_values_for_type(x509.RFC822Name)],
    })
