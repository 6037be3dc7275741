"""``{% credential_wallet certificate as wallet %}``: what a wallet takes from a page.

A wallet adds a certificate's credential from its address: ``wallet.url`` is the absolute
``credential.json`` address (in the page's language; every language serves the same signed
file) and ``wallet.qr_src`` a QR code of it (PNG ``data:`` URI) for a phone to scan.

Conventions considered: a plain HTTPS address of the signed credential is what wallets
that import a credential from a link or a scanned QR code take (e.g. the Digital
Credentials Consortium's Learner Credential Wallet), and what any verifier or employer's
system can fetch. OpenID for Verifiable Credential Issuance credential offers
(``openid-credential-offer://``) and VC-API exchange deep links (``dccrequest://``) would
also reach wallets that only speak those protocols, but both need issuance endpoints (token,
credential, exchange) that Puente does not run; the address is what they would serve.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse

import segno

register = template.Library()


@dataclass(frozen=True)
class WalletLink:
    url: str
    qr_src: str


@register.simple_tag(takes_context=True)
def credential_wallet(context, certificate) -> WalletLink:
    url = context["request"].build_absolute_uri(
        reverse("certificates:credential", kwargs={"code": certificate.code})
    )
    qr = segno.make(url, error="m", micro=False)
    return WalletLink(url=url, qr_src=qr.png_data_uri(scale=4, border=2))
