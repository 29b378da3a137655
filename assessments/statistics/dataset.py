"""The `Dataset` the statistics run on: one element per enrolment in numpy arrays, and the tables (regions,
councils, sessions, trainers, topics) they point into. Pure Python and numpy, no Django: `loader` fills it
from the database; `breakdowns`, `filtering` and the tests only read it."""

from dataclasses import dataclass, field

import numpy as np

# Council kinds in the order of `councils.models.Council.Kind` (a test checks they agree).
KIND_NAMES = ("aiyl_kenesh", "town_kenesh", "city_kenesh")


@dataclass
class Table:
    """A dimension's values: `keys[i]` is the code of value i (region code, username, ...)."""

    keys: list = field(default_factory=list)
    index: dict = field(default_factory=dict)

    def add(self, key) -> int:
        if key not in self.index:
            self.index[key] = len(self.keys)
            self.keys.append(key)
        return self.index[key]


@dataclass
class ItemMatrix:
    """Answers to one instrument in one phase: respondents × questions, 1 where correct."""

    instrument_id: int
    name: str
    form: str
    phase: str
    numbers: list
    topics: list  # topic index per question
    points: np.ndarray
    enrolment_rows: np.ndarray  # row of each respondent in the Dataset's per-enrolment arrays
    correct: np.ndarray


@dataclass
class Dataset:
    """Enrolments of one or more campaigns (one element per enrolment) and the tables they point into."""

    campaign_ids: list
    campaign_codes: dict
    campaign_years: dict  # start year, for ages
    campaign_convocations: dict
    data_versions: dict
    # Per enrolment.
    enrolment_id: np.ndarray
    campaign: np.ndarray  # campaign id
    deputy: np.ndarray  # dense code
    council: np.ndarray  # index into councils
    session: np.ndarray  # index into session_codes
    present_days: np.ndarray
    session_days: np.ndarray
    female: np.ndarray
    birth_year: np.ndarray  # float, NaN unknown
    first_term: np.ndarray  # 1 first term, 0 re-elected, -1 unknown
    pre_pct: np.ndarray
    post_pct: np.ndarray
    pre_form: np.ndarray  # parallel form of the pre-test: 0 = A, 1 = B, -1 none or another (stats.form_codes)
    post_form: np.ndarray  # the same for the post-test
    # Tables.
    regions: Table
    districts: Table
    councils: Table
    council_region: np.ndarray
    council_district: np.ndarray  # -1 for cities directly under a region
    council_kind: np.ndarray
    elected_by_convocation: dict  # convocation -> bool array over councils
    session_codes: list
    session_trainers: list  # (session index, trainer index) pairs
    trainers: Table
    topics: Table
    items: list  # ItemMatrix
    youth_max_age: int
    # campaign id -> bool array over councils: the campaign's target (DESIGN §3). A campaign missing here
    # targets its councils with elections (the default target).
    target_by_campaign: dict = field(default_factory=dict)

    def elected_of(self, campaign_id) -> np.ndarray:
        return self.elected_by_convocation[self.campaign_convocations[campaign_id]]

    def target_of(self, campaign_id) -> np.ndarray:
        target = self.target_by_campaign.get(campaign_id)
        return self.elected_of(campaign_id) if target is None else target
