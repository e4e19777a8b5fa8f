"""PCA of the vote matrix with column-mean imputation and Pol.is's sparsity-aware scaling.

With missing votes imputed by the column mean (as Pol.is does), the *centred* imputed matrix
is zero exactly at the unseen cells: ``S[i, j] = x[i, j] - mean[j]`` where seen, ``0``
otherwise. So the PCA never densifies the matrix: the top eigenvectors of the covariance
``SᵀS / n`` come from a dense ``eigh`` for few statements, else from ARPACK (``eigsh``) on
the operator ``v ↦ Sᵀ(S v) / n`` with a fixed start vector (deterministic).

A participant's position is ``S[i] @ components.T`` (identical to projecting the imputed row)
times ``sqrt(n_statements / max(n_votes_i, 1))`` (Pol.is ``sparsity-aware-project-ptpt``),
which keeps people who voted on few statements from bunching at the centre.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["PolisPCA", "centred_sparse", "sparse_seen"]

_DENSE_EIG_MAX = 400  # up to this many statements, a dense eigh of the covariance


def sparse_seen(X) -> sp.csr_matrix:
    """Input → CSR whose stored entries are the seen votes (pass = explicit 0).

    Dense input: NaN = unseen. Sparse input: every *stored* entry is a vote (explicit zeros are
    passes); stored NaNs are treated as unseen.
    """
    if sp.issparse(X):
        X = sp.csr_matrix(X, dtype=np.float64, copy=True)
        X.sum_duplicates()
        if X.nnz and np.isnan(X.data).any():
            keep = ~np.isnan(X.data)
            X = sp.csr_matrix(
                (X.data[keep], X.indices[keep], _indptr_keep(X.indptr, keep)), shape=X.shape
            )
        return X
    X = np.asarray(X, dtype=np.float64)
    seen = ~np.isnan(X)
    indptr = np.zeros(X.shape[0] + 1, dtype=np.int64)
    np.cumsum(seen.sum(axis=1), out=indptr[1:])
    cols = np.nonzero(seen)[1]
    return sp.csr_matrix((X[seen], cols, indptr), shape=X.shape)


def _indptr_keep(indptr: np.ndarray, keep: np.ndarray) -> np.ndarray:
    c = np.concatenate([[0], np.cumsum(keep)])
    return c[indptr]


def centred_sparse(X: sp.csr_matrix, mean: np.ndarray) -> sp.csr_matrix:
    """``x - mean`` on the stored (seen) entries only, same structure as ``X``."""
    data = X.data - mean[X.indices]
    return sp.csr_matrix((data, X.indices, X.indptr), shape=X.shape)


class PolisPCA(TransformerMixin, BaseEstimator):
    """Pol.is-style PCA of a sparse vote matrix.

    Parameters:
        n_components: number of components (2 for the map). Clamped to the data's rank bound
            ``min(n_samples, n_features)``; missing components are returned as zeros.
        sparsity_scaling: scale each projection by ``sqrt(n_features / max(n_seen, 1))``.

    Input ``X``: dense array with NaN for unseen, or a scipy sparse matrix whose stored entries
    are the seen votes (explicit zeros are passes).

    Attributes (after fit): ``mean_`` (column means over seen votes; 0 for a column nobody
    voted on), ``components_`` (n_components × n_features, unit rows, sign fixed so the
    largest-magnitude loading is positive), ``explained_variance_``, ``n_features_in_``.
    """

    def __init__(self, n_components: int = 2, sparsity_scaling: bool = True):
        self.n_components = n_components
        self.sparsity_scaling = sparsity_scaling

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        return tags

    def _validate(self, X, reset: bool):
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            ensure_all_finite="allow-nan",
            dtype=np.float64,
            reset=reset,
        )
        return sparse_seen(X)

    def fit(self, X, y=None):
        S0 = self._validate(X, reset=True)
        n, p = S0.shape
        counts = np.bincount(S0.indices, minlength=p).astype(np.float64)
        sums = np.bincount(S0.indices, weights=S0.data, minlength=p)
        mean = np.divide(sums, counts, out=np.zeros(p), where=counts > 0)
        S = centred_sparse(S0, mean)
        k = int(min(self.n_components, n, p))
        comps = np.zeros((self.n_components, p))
        var = np.zeros(self.n_components)
        if k > 0:
            if p <= _DENSE_EIG_MAX or k >= p - 1:
                cov = (S.T @ S).toarray() / max(n, 1)
                w, v = scipy.linalg.eigh(cov, subset_by_index=(p - k, p - 1))
            else:
                St = S.T.tocsr()

                def mv(x):
                    return St @ (S @ x) / max(n, 1)

                op = spla.LinearOperator((p, p), matvec=mv, matmat=mv, dtype=np.float64)
                v0 = np.ones(p) / np.sqrt(p)  # fixed start: deterministic
                w, v = spla.eigsh(op, k=k, which="LA", v0=v0, tol=1e-10)
            order = np.argsort(w)[::-1]
            w, v = np.clip(w[order], 0, None), v[:, order].T
            # deterministic sign: largest |loading| positive
            big = np.argmax(np.abs(v), axis=1)
            v *= np.sign(v[np.arange(k), big])[:, None]
            comps[:k] = v
            var[:k] = w
        self.mean_ = mean
        self.components_ = comps
        self.explained_variance_ = var
        self.n_votes_per_feature_ = counts
        return self

    def transform(self, X):
        check_is_fitted(self, "components_")
        S0 = self._validate(X, reset=False)
        return self._project(S0)

    def _project(self, S0: sp.csr_matrix) -> np.ndarray:
        S = centred_sparse(S0, self.mean_)
        proj = np.asarray(S @ self.components_.T)
        if self.sparsity_scaling:
            n_seen = np.diff(S0.indptr)
            proj *= np.sqrt(S0.shape[1] / np.maximum(n_seen, 1))[:, None]
        return proj

    def fit_transform(self, X, y=None):
        self.fit(X)
        S0 = self._validate(X, reset=False)
        return self._project(S0)
