"""Test answers drawn from a simple learning model (pure numpy, no ORM).

Each participant has an ability (on the logit scale) and an individual learning gain from the training;
each question has a difficulty, and each topic a gain of its own on top. A participant answers a
question correctly with probability logistic(ability [+ gain + topic gain] − difficulty); the score is
the number of correct answers. Scores and item answers therefore always agree, and the campaign's
knowledge growth follows from these distributions rather than from any figure written down.
"""

from dataclasses import dataclass, field

import numpy as np

CHOICE_LETTERS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class LearningModel:
    # Deputies know a little under half of the material before the training.
    ability_mean: float = -0.25
    ability_sd: float = 0.8
    # What two days of training add, for the average participant and how much it varies between them.
    gain_mean: float = 1.10
    gain_sd: float = 0.55
    difficulty_sd: float = 0.6
    # The budget topic is the project's focus; the legal foundations are the hardest to move in two days.
    topic_gain: dict[str, float] = field(
        default_factory=lambda: {
            "lsg-foundations": -0.2,
            "planning-and-state-bodies": 0.0,
            "deputy-rights": 0.1,
            "citizen-participation": 0.0,
            "budget-transparency": 0.25,
        }
    )


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def draw_difficulties(rng: np.random.Generator, n_questions: int, model: LearningModel) -> np.ndarray:
    """Question difficulties, centred so that the test as a whole is of average difficulty."""
    difficulties = rng.normal(0.0, model.difficulty_sd, n_questions)
    return difficulties - difficulties.mean()


def draw_correctness(
    rng: np.random.Generator,
    n_people: int,
    question_topics: list[str],
    difficulties: np.ndarray,
    model: LearningModel,
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean matrices (people × questions) of correct answers on the pre-test and the post-test."""
    ability = rng.normal(model.ability_mean, model.ability_sd, n_people)[:, None]
    gain = rng.normal(model.gain_mean, model.gain_sd, n_people)[:, None]
    topic_gain = np.array([model.topic_gain.get(topic, 0.0) for topic in question_topics])[None, :]
    pre = rng.random((n_people, len(question_topics))) < _logistic(ability - difficulties[None, :])
    post = rng.random((n_people, len(question_topics))) < _logistic(ability + gain + topic_gain - difficulties)
    return pre, post


def answer_choices(rng: np.random.Generator, correct: np.ndarray, keys: list[str]) -> np.ndarray:
    """Index of the letter each person chose for each question: the key where correct, otherwise one
    of the other letters at random."""
    key_index = np.array([CHOICE_LETTERS.index(key) for key in keys])
    # An offset of 1–3 from the key always lands on a wrong letter.
    offsets = rng.integers(1, len(CHOICE_LETTERS), size=correct.shape)
    return np.where(correct, key_index[None, :], (key_index[None, :] + offsets) % len(CHOICE_LETTERS))


def responses(choices_row: np.ndarray) -> dict[str, str]:
    """Item answers as stored on a test result: {"1": "B", "2": "A", ...}."""
    return {str(number): CHOICE_LETTERS[index] for number, index in enumerate(choices_row.tolist(), start=1)}
