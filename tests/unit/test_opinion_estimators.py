"""scikit-learn's estimator checks for our fitted parts."""

import pytest
from sklearn.utils.estimator_checks import estimator_checks_generator

from engagement.analysis.opinion import PolisClusterer, PolisPCA

# check_array_api_input needs SciPy's array-API mode and the array-api-strict package, which
# the product does not use (it skips itself without them), so it is not collected at all.
NOT_APPLICABLE = {"check_array_api_input"}


def _name(check) -> str:
    return getattr(check, "func", check).__name__


CHECKS = [
    pytest.param(estimator, check, id=f"{type(estimator).__name__}-{_name(check)}")
    for estimator in (PolisPCA(), PolisClusterer(base_k=20, n_refine=2))
    for estimator, check in estimator_checks_generator(estimator)
    if _name(check) not in NOT_APPLICABLE
]


@pytest.mark.parametrize(("estimator", "check"), CHECKS)
def test_sklearn_conventions(estimator, check):
    check(estimator)
