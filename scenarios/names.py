"""The vocabularies the dataset, the scenario files, the model and the forecasts share.

Every tuple here is written once and read wherever its names are needed: district ids,
job sectors, registration statuses, public services, stock variants and forecast
methods. The order of each is the order of the arrays indexed by it.
"""

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

#: registration statuses, lowest first (model.codes.Status); local hukou ends the list
STATUS_NAMES = ("unregistered", "registered", "permit")

#: public services, in the order of the model's service arrays: school places, primary
#: health care, employment services, community and cultural centres
SERVICES = ("education", "health", "employment", "culture")

#: variants of the initial floating stock (scenarios/derive.py)
STOCK_VARIANTS = ("low", "central", "high")

#: forecast methods of floatpop.forecasting, and the one used where none is named
METHODS = ("naive", "drift", "ets", "arima", "theta", "combo")
DEFAULT_METHOD = "combo"

#: how a run's migrants decide: all at once over columns, or one `MigrantAgent` at a time
MODES = ("arrays", "objects")

#: where a single run's arrivals come from: a forecast sample path, or the data trend
INFLOWS = ("forecast", "trend")
#: what the replications of a study draw (`experiments.study.uncertainty`)
UNCERTAINTIES = ("paths", "full")
