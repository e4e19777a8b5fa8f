"""scikit-learn estimator conventions for the fitted pieces."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from engagement.analysis.opinion import PolisClusterer, PolisPCA


@parametrize_with_checks(
    [PolisPCA(), PolisClusterer(base_k=20, n_refine=2)],
)
def test_sklearn_conventions(estimator, check):
    check(estimator)
