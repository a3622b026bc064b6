"""The names the dataset and the model share: district ids and job sectors, in order."""

#: Urumqi's 8 county-level units (lowercase pinyin), in the order of every district array
DISTRICTS = (
    "tianshan",
    "saybag",
    "xinshi",
    "shuimogou",
    "toutunhe",
    "dabancheng",
    "midong",
    "urumqi_county",
)

#: sectors of migrant jobs (MWMS categories; `other` is the residual)
SECTORS = (
    "manufacturing",
    "construction",
    "wholesale_retail",
    "transport",
    "hospitality",
    "resident_services",
    "other",
)
