"""TLS for the Polis client: the system's trust store, plus a CA file the person chose.

The client trusts what the operating system trusts (``truststore``: the Keychain on macOS,
the certificate store on Windows, OpenSSL's system bundle on Linux), so a certificate
authority that an organisation installs on its laptops works with no extra step, and a
certificate the system distrusts is distrusted here too. httpx alone would use certifi's
copy of Mozilla's list, which knows nothing of either. A private CA that is not installed
system-wide is a setting (``Settings.ca_file``), added on top of the system's.

Verification is never turned off.
"""

from __future__ import annotations

import ssl

import truststore


def ssl_context(ca_file: str | None = None) -> ssl.SSLContext:
    """A client context that verifies the server against the system's trust store and,
    when given, the certificates of ``ca_file`` (PEM). ValueError in words when that file
    cannot be used."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=ca_file)
        except FileNotFoundError:
            raise ValueError(f"the certificate authority file {ca_file} does not exist") from None
        except (OSError, ssl.SSLError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not PEM"
            raise ValueError(
                f"the certificate authority file {ca_file} holds no certificate this computer "
                f"can read ({reason}); it must be a PEM file (-----BEGIN CERTIFICATE-----)"
            ) from None
    return context
