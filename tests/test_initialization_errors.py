"""What the trusted side learns about an exception the learner's init_weights raised: its class
names, most derived first, so that a subclass of ValueError counts as a ValueError and a class of
the learner's own that is merely called ValueError does not; and Python's warning about `is`."""

from __future__ import annotations

import pytest

from autograder.learner import LearnerError, LocalLearner
from autograder.sandbox.client import checked_reply

SOURCE = '''
class UnknownInitError(ValueError):
    pass


class Shadow(Exception):
    pass


Shadow.__name__ = "ValueError"


class Strange(type):
    @property
    def __mro__(cls):
        raise RuntimeError("no MRO for you")


class Weird(Exception, metaclass=Strange):
    pass


def raise_weird(kind):
    raise Weird(kind)


def raise_subclass(kind):
    raise UnknownInitError(kind)


def raise_shadow(kind):
    raise Shadow(kind)


def compares_with_is(kind):
    return kind is "zeros"
'''


@pytest.fixture()
def learner():
    learner = LocalLearner({"__name__": "submission"})
    assert learner.load([SOURCE]) == []
    return learner


def raised(learner, function) -> LearnerError:
    with pytest.raises(LearnerError) as error:
        learner.call(function, "ones")
    return error.value


def test_a_subclass_of_value_error_is_a_value_error(learner):
    error = raised(learner, "raise_subclass")
    assert error.kind == "UnknownInitError" and error.is_a("ValueError") and error.is_a("Exception")
    assert error.bases[0] == "submission.UnknownInitError"
    assert not error.is_a("KeyError")


def test_a_class_of_the_learners_own_called_value_error_is_not_one(learner):
    error = raised(learner, "raise_shadow")
    assert error.kind == "ValueError" and not error.is_a("ValueError")
    assert error.bases[0] == "submission.Shadow"


def test_a_class_whose_mro_cannot_be_read_goes_by_its_name(learner):
    error = raised(learner, "raise_weird")
    assert error.kind == "Weird" and error.bases == ("Weird",)


def test_the_compiler_warning_about_is_with_a_literal_is_kept_from_loading(learner):
    assert any('"is" with' in warning for warning in learner.load_warnings)
    learner.call("compares_with_is", "zeros")
    assert any('"is" with' in warning for warning in learner.load_warnings), "later calls keep it"


def test_an_error_report_from_the_child_is_capped():
    report = {"kind": "E", "message": "m", "traceback": "", "bases": ["x" * 500] * 40}
    checked = checked_reply({"ok": False, "error": report}, [])
    assert len(checked["error"]["bases"]) == 16 and all(len(name) == 200 for name in checked["error"]["bases"])
    with pytest.raises(ValueError):
        checked_reply({"ok": False, "error": dict(report, bases="ValueError")}, [])


def test_an_old_style_report_without_bases_still_names_its_class():
    assert LearnerError("ValueError", "m").is_a("ValueError")
