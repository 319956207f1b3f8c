"""Merge quality against a hand-made truth: which reports tell the same real-world event.

Pairwise scoring, as in entity-resolution work: over every pair of reports, the truth says
"same event" or not, the store says "share a canonical event" or not; precision and recall
are over the pairs the store / the truth calls the same. Reports that the truth lists as
having no codable event take part only as possible false merges.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class MergeScore:
    pairs_true: int
    pairs_predicted: int
    pairs_correct: int
    events_true: int
    events_predicted: int
    wrong_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.pairs_correct / self.pairs_predicted if self.pairs_predicted else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_correct / self.pairs_true if self.pairs_true else 1.0


def load_truth(path: Path) -> dict[str, str | None]:
    """id_hint -> event key (None for reports with no codable event)."""
    truth = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, str | None] = {}
    for key, ev in truth["events"].items():
        for hint in ev["reports"]:
            out[hint] = key
    for hint in truth.get("unrelated", []):
        out.setdefault(hint, None)
    return out


def score(truth: dict[str, str | None], predicted: dict[str, set[str]]) -> MergeScore:
    """TRUTH: id_hint -> key; PREDICTED: id_hint -> the canonical events its article fed."""
    hints = sorted(truth)
    s = MergeScore(0, 0, 0, len({k for k in truth.values() if k}),
                   len(set().union(*predicted.values())) if predicted else 0)
    for a, b in itertools.combinations(hints, 2):
        same_truth = truth[a] is not None and truth[a] == truth[b]
        same_pred = bool(predicted.get(a, set()) & predicted.get(b, set()))
        s.pairs_true += same_truth
        s.pairs_predicted += same_pred
        s.pairs_correct += same_truth and same_pred
        if same_pred and not same_truth:
            s.wrong_merges.append((a, b))
        elif same_truth and not same_pred:
            s.missed_merges.append((a, b))
    return s
