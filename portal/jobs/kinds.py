"""The kinds of job, each registered by the app that does the work (from its AppConfig.ready), so that
portal.jobs imports no domain app."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What a work function returns: its report (JSON), whether the input was good, an optional result file."""

    report: dict = field(default_factory=dict)
    ok: bool = True
    result_name: str = ""  # with result_content: stored as the job's result file
    result_content: bytes | None = None
    # A refused input the owner may check again as it is, with other parameters (an import's rows
    # ticked as corrections): kept for a day instead of deleted at once.
    keep_input: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    # work(job, progress) -> Outcome; progress(done, total) reports how far it got (and proves the worker alive).
    work: Callable
    allowed: Callable = lambda user: True  # may this account start and follow such jobs?
    template: str = "jobs/job.html"  # extends jobs/job.html
    context: Callable | None = None  # context(request, job) -> extra template context
    confirm: bool = False  # stop at READY after a first run, for the owner to confirm a second run
    labels: dict = field(default_factory=dict)  # state → a label in the kind's own words
    stopped_message: str = ""  # what a job whose worker died tells its owner (else the generic words)
    start_url: str = ""  # the url name of the page that starts such jobs (an import's upload page)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    return _KINDS[name]
