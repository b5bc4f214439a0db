"""Countries by the names people use: ISO codes, pycountry's names, short forms and demonyms.

One table serves search (an entry tagged PHL is found by "Filipino"), facet parameters
(``country=Filipino``), the query explanation and the import tagger.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pycountry

#: Demonyms, country adjectives and short forms pycountry does not give -> ISO alpha-3 code.
#: Left out on purpose: words two countries share ("Korean", "Congolese", "Guinean",
#: "Dominican"), and words that are mostly something else ("Polish", "American" in
#: "Latin American", "US").
COUNTRY_WORDS = {
    "Afghan": "AFG",
    "Albanian": "ALB",
    "Algerian": "DZA",
    "Angolan": "AGO",
    "Argentine": "ARG",
    "Argentinian": "ARG",
    "Armenian": "ARM",
    "Australian": "AUS",
    "Austrian": "AUT",
    "Azerbaijani": "AZE",
    "Bahraini": "BHR",
    "Bangladeshi": "BGD",
    "Belarusian": "BLR",
    "Belgian": "BEL",
    "Beninese": "BEN",
    "Bhutanese": "BTN",
    "Bolivian": "BOL",
    "Bosnian": "BIH",
    "Brazilian": "BRA",
    "Britain": "GBR",
    "British": "GBR",
    "Bulgarian": "BGR",
    "Burkinabe": "BFA",
    "Burma": "MMR",
    "Burmese": "MMR",
    "Burundian": "BDI",
    "Cambodian": "KHM",
    "Cameroonian": "CMR",
    "Canadian": "CAN",
    "Cape Verde": "CPV",
    "Chadian": "TCD",
    "Chilean": "CHL",
    "Chinese": "CHN",
    "Colombian": "COL",
    "Costa Rican": "CRI",
    "Croatian": "HRV",
    "Cuban": "CUB",
    "Czech": "CZE",
    "Czech Republic": "CZE",
    "Danish": "DNK",
    "Djiboutian": "DJI",
    "Dutch": "NLD",
    "East Timor": "TLS",
    "Ecuadorian": "ECU",
    "Egyptian": "EGY",
    "Emirati": "ARE",
    "Eritrean": "ERI",
    "Ethiopian": "ETH",
    "Fijian": "FJI",
    "Filipina": "PHL",
    "Filipino": "PHL",
    "Finnish": "FIN",
    "French": "FRA",
    "Gambian": "GMB",
    "Georgian": "GEO",
    "German": "DEU",
    "Ghanaian": "GHA",
    "Greek": "GRC",
    "Guatemalan": "GTM",
    "Haitian": "HTI",
    "Honduran": "HND",
    "Hungarian": "HUN",
    "Indian": "IND",
    "Indonesian": "IDN",
    "Iranian": "IRN",
    "Iraqi": "IRQ",
    "Israeli": "ISR",
    "Italian": "ITA",
    "Ivorian": "CIV",
    "Ivory Coast": "CIV",
    "Jamaican": "JAM",
    "Japanese": "JPN",
    "Jordanian": "JOR",
    "Kazakh": "KAZ",
    "Kenyan": "KEN",
    "Khmer": "KHM",
    "Kuwaiti": "KWT",
    "Kyrgyz": "KGZ",
    "Lao": "LAO",
    "Laotian": "LAO",
    "Lebanese": "LBN",
    "Liberian": "LBR",
    "Libyan": "LBY",
    "Malagasy": "MDG",
    "Malawian": "MWI",
    "Malaysian": "MYS",
    "Maldivian": "MDV",
    "Malian": "MLI",
    "Mauritanian": "MRT",
    "Mauritian": "MUS",
    "Mexican": "MEX",
    "Moldovan": "MDA",
    "Mongolian": "MNG",
    "Moroccan": "MAR",
    "Mozambican": "MOZ",
    "Namibian": "NAM",
    "Nepalese": "NPL",
    "Nepali": "NPL",
    "Nicaraguan": "NIC",
    "Nigerian": "NGA",
    "North Korean": "PRK",
    "Norwegian": "NOR",
    "Omani": "OMN",
    "Pakistani": "PAK",
    "Palestinian": "PSE",
    "Panamanian": "PAN",
    "Paraguayan": "PRY",
    "Peruvian": "PER",
    "Philippine": "PHL",
    "Portuguese": "PRT",
    "Qatari": "QAT",
    "Romanian": "ROU",
    "Russia": "RUS",
    "Russian": "RUS",
    "Rwandan": "RWA",
    "Salvadoran": "SLV",
    "Saudi": "SAU",
    "Senegalese": "SEN",
    "Serbian": "SRB",
    "Sierra Leonean": "SLE",
    "Singaporean": "SGP",
    "Somali": "SOM",
    "South African": "ZAF",
    "South Korean": "KOR",
    "South Sudanese": "SSD",
    "Spanish": "ESP",
    "Sri Lankan": "LKA",
    "Sudanese": "SDN",
    "Swaziland": "SWZ",
    "Swedish": "SWE",
    "Swiss": "CHE",
    "Syrian": "SYR",
    "Taiwanese": "TWN",
    "Tajik": "TJK",
    "Tanzanian": "TZA",
    "Thai": "THA",
    "Timorese": "TLS",
    "Togolese": "TGO",
    "Tunisian": "TUN",
    "Turkey": "TUR",
    "Turkish": "TUR",
    "Turkmen": "TKM",
    "Ugandan": "UGA",
    "UK": "GBR",
    "Ukrainian": "UKR",
    "Uruguayan": "URY",
    "Uzbek": "UZB",
    "Venezuelan": "VEN",
    "Vietnamese": "VNM",
    "Yemeni": "YEM",
    "Zambian": "ZMB",
    "Zimbabwean": "ZWE",
}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code -> the name pages show (``country_label``)."""
    return {c.alpha_3: country_label(c) for c in pycountry.countries}


def country_label(country: Any) -> str:
    """The name people use for a pycountry country.

    pycountry's short name, unless ISO writes it inverted for sorting ("Venezuela, Bolivarian
    Republic of"); then its common name ("Venezuela") where it has one. Names that are not
    inverted stay as the ILO and the UN write them: "Viet Nam", not the common "Vietnam".
    """
    name: str = country.name
    common: str | None = getattr(country, "common_name", None)
    return common if common and "," in name else name


@cache
def country_words(code: str) -> tuple[str, ...]:
    """The demonyms and short forms of a country in ``COUNTRY_WORDS`` ("Filipino", "Filipina")."""
    return tuple(word for word, owner in COUNTRY_WORDS.items() if owner == code)


@cache
def country_spellings(code: str) -> tuple[str, ...]:
    """Every name running text may give a country, its label first: ISO's short and official
    names, its common name, a unique short form, demonyms ("Venezuela", "Venezuelan")."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return ()
    names: list[str | None] = [country_label(country)]
    names += [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
    if "," in country.name:
        # "Palestine, State of" is "Palestine" to everybody, but "Korea, Republic of" is
        # "Korea" to nobody (two countries share it): a short form only where it is unique.
        short = country.name.split(",")[0]
        if sum(other.name.split(",")[0] == short for other in pycountry.countries) == 1:
            names.append(short)
    names += country_words(code)
    return tuple(dict.fromkeys(name for name in names if name))


@cache
def country_aliases(code: str) -> tuple[str, ...]:
    """A country's other names (``country_spellings`` but its label) and both ISO codes."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return ()
    return (*country_spellings(code)[1:], country.alpha_2, country.alpha_3)


@cache
def country_lookup() -> dict[str, str]:
    """Casefolded name, alias, demonym or ISO code -> alpha-3 code."""
    lookup: dict[str, str] = {}
    for code, name in country_names().items():
        for alias in (name, *country_aliases(code)):
            lookup.setdefault(alias.casefold(), code)
    return lookup


@cache
def _other_names_pattern() -> re.Pattern[str]:
    names = {
        name
        for code, label in country_names().items()
        for name in country_spellings(code)
        if name.casefold() != label.casefold()
    }
    # Longest first, so "South Sudanese" is read whole and not as "Sudanese".
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternation})(?:s)?(?!\w)", re.IGNORECASE)


def other_country_names_in(text: str) -> tuple[tuple[str, str], ...]:
    """(words as written, alpha-3 code) for each demonym or other name of a country in text
    that is not its label ("Filipinos", "Vietnam"), once each, in order."""
    found: dict[str, str] = {}
    for match in _other_names_pattern().finditer(text):
        code = country_lookup().get(match.group(1).casefold())
        if code is not None:
            found.setdefault(match.group(0), code)
    return tuple(found.items())
