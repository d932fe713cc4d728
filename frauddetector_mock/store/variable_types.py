"""The variable types AWS documents (AWS API reference: "Variable") and the data type each one
carries.

botocore types ``variableType`` as a plain string, so the documented values live here. AWS's
samples pair NUMERIC and PRICE with FLOAT and ARE_CREDENTIALS_VALID with BOOLEAN; every other type
holds text (STRING). Lists accept only variable types whose data type is STRING (AWS API
reference: "CreateList").
"""

from __future__ import annotations

from types import MappingProxyType

_STRING_TYPES = [
    "AUTH_CODE",
    "AVS",
    "BILLING_ADDRESS_L1",
    "BILLING_ADDRESS_L2",
    "BILLING_CITY",
    "BILLING_COUNTRY",
    "BILLING_NAME",
    "BILLING_PHONE",
    "BILLING_STATE",
    "BILLING_ZIP",
    "CARD_BIN",
    "CATEGORICAL",
    "CURRENCY_CODE",
    "EMAIL_ADDRESS",
    "FINGERPRINT",
    "FRAUD_LABEL",
    "FREE_FORM_TEXT",
    "IP_ADDRESS",
    "ORDER_ID",
    "PAYMENT_TYPE",
    "PHONE_NUMBER",
    "PRODUCT_CATEGORY",
    "SHIPPING_ADDRESS_L1",
    "SHIPPING_ADDRESS_L2",
    "SHIPPING_CITY",
    "SHIPPING_COUNTRY",
    "SHIPPING_NAME",
    "SHIPPING_PHONE",
    "SHIPPING_STATE",
    "SHIPPING_ZIP",
    "USERAGENT",
    "SESSION_ID",
]

DATA_TYPE_OF = MappingProxyType(
    {
        **dict.fromkeys(_STRING_TYPES, "STRING"),
        "NUMERIC": "FLOAT",
        "PRICE": "FLOAT",
        "ARE_CREDENTIALS_VALID": "BOOLEAN",
    }
)
"""Variable type -> the data type of its values."""

LIST_TYPES = frozenset(name for name, data in DATA_TYPE_OF.items() if data == "STRING")
"""Variable types a list may carry."""
