"""The bagged fit of the shared linear model: averaged members, reproducible draws."""

from __future__ import annotations

import numpy as np

from reisgenoot.language.linear import fit

ROWS = [
    {"container": 1.0, "kapot": 1.0},
    {"container": 1.0, "vol": 1.0},
    {"kliko": 1.0, "kapot": 1.0},
    {"paspoort": 1.0, "verlopen": 1.0},
    {"paspoort": 1.0, "reis": 1.0},
    {"reisdocument": 1.0, "reis": 1.0},
    {"parkeren": 1.0, "vergunning": 1.0},
    {"parkeervergunning": 1.0},
    {"parkeren": 1.0, "auto": 1.0},
]
LABELS = ["afval"] * 3 + ["paspoort"] * 3 + ["parkeren"] * 3
WEIGHTS = [1.0, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 2.0]
PROBE = {"kliko": 1.0, "reis": 1.0, "auto": 1.0}


def test_bagged_fit_is_the_mean_of_its_members() -> None:
    bagged = fit(ROWS, LABELS, sample_weight=WEIGHTS, members=3, seed=5)
    draws = np.random.default_rng(5)
    members = [
        fit(ROWS, LABELS, sample_weight=list(np.array(WEIGHTS) * draws.exponential(size=9)))
        for _ in range(3)
    ]
    expected = np.mean([m.logits(PROBE) for m in members], axis=0)
    assert members[0].classes == bagged.classes
    np.testing.assert_allclose(bagged.logits(PROBE), expected, atol=1e-4)
    # the members differ from each other and from an unweighted-by-draws fit
    plain = fit(ROWS, LABELS, sample_weight=WEIGHTS)
    assert not np.allclose(members[0].logits(PROBE), members[1].logits(PROBE), atol=1e-3)
    assert not np.allclose(plain.logits(PROBE), bagged.logits(PROBE), atol=1e-3)


def test_bagged_fit_is_reproducible_and_still_classifies() -> None:
    first = fit(ROWS, LABELS, members=4, seed=1)
    again = fit(ROWS, LABELS, members=4, seed=1)
    other = fit(ROWS, LABELS, members=4, seed=2)
    np.testing.assert_array_equal(first.logits(PROBE), again.logits(PROBE))
    assert not np.allclose(first.logits(PROBE), other.logits(PROBE), atol=1e-4)
    for row, label in zip(ROWS, LABELS, strict=True):
        assert first.classes[int(np.argmax(first.logits(row)))] == label


def test_single_fit_ignores_the_seed() -> None:
    one = fit(ROWS, LABELS, sample_weight=WEIGHTS, seed=1)
    two = fit(ROWS, LABELS, sample_weight=WEIGHTS, seed=99)
    np.testing.assert_array_equal(one.logits(PROBE), two.logits(PROBE))


def test_member_weights_average_fits_on_their_own_examples() -> None:
    """Factor 0 leaves an example out of a member: the average of fits on two subsets."""
    first = [1.0] * 6 + [1.0, 0.0, 1.0]
    second = [1.0] * 6 + [0.0, 1.0, 1.0]
    averaged = fit(ROWS, LABELS, sample_weight=WEIGHTS, member_weights=[first, second])
    members = [
        fit(
            [r for r, f in zip(ROWS, factors, strict=True) if f],
            [label for label, f in zip(LABELS, factors, strict=True) if f],
            sample_weight=[w for w, f in zip(WEIGHTS, factors, strict=True) if f],
        )
        for factors in (first, second)
    ]
    expected = np.mean([m.logits(PROBE) for m in members], axis=0)
    np.testing.assert_allclose(averaged.logits(PROBE), expected, atol=5e-3)  # lbfgs tol
    assert not np.allclose(members[0].logits(PROBE), members[1].logits(PROBE), atol=1e-2)
