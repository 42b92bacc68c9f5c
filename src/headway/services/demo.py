"""An example career: an account executive aiming to become a sales manager in three years.

A year of it has happened: a goal tree, a plan with dependent milestones, fortnightly check-ins with
notes and ratings, investments, a baseline and two course corrections with their reasons. Everything is
written through the same services a person uses, with the clock moving through the year.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from headway.domain.goals import Goal, GoalKind, MilestoneMeasure, numeric_measure
from headway.domain.records import GoalEntry, InvestmentCategory, Profile, Ratings, ReviewAnswer
from headway.domain.tasks import TaskKind, TaskStatus
from headway.services.catalog import OccupationCatalog
from headway.services.goals import add_goal, edit_goal
from headway.services.plan import save_baseline
from headway.services.ports import UnitOfWork
from headway.services.record import init_profile, log_investment, record_checkin
from headway.services.tasks import add_task, complete_task, edit_task
from headway.services.tracking import record_review_answers, set_cadence

DEMO_NAME = "Sam Rivera (demo)"


SALES_REP = "41-4012.00"  # Sam's job: Sales Representatives, Wholesale and Manufacturing
SALES_MANAGER = "11-2022.00"


def build_demo(  # noqa: PLR0915 a story reads best in one piece
    uow: UnitOfWork, *, today: date, catalog: OccupationCatalog | None = None
) -> None:
    """A year of Sam's career; with the occupation catalogue, also Sam's skills and the goal's target occupation."""
    start = today - timedelta(days=365)

    def day(months: float) -> date:
        return start + timedelta(days=round(months * 30.44))

    def at(d: date) -> datetime:
        return datetime.combine(d, time(19, 30), tzinfo=UTC)

    init_profile(
        uow,
        Profile(
            name=DEMO_NAME,
            current_role="Account Executive",
            employer="Northwind Logistics",
            values=("growing people", "time with family", "financial independence"),
        ),
        now=at(start),
    )
    set_cadence(uow, target_hours=8, now=at(start))
    now = at(start)
    security = add_goal(
        uow,
        title="Build financial security",
        why="Own a home and stop worrying about money by 40.",
        kind=GoalKind.FINANCIAL,
        measure=MilestoneMeasure(),
        start_date=start,
        target_date=day(72),
        now=now,
    )
    manager = add_goal(
        uow,
        title="Become a sales manager",
        why="I want to grow people, not only a pipeline; the step up "
        "in pay is the biggest lever for financial security.",
        kind=GoalKind.CAREER,
        measure=MilestoneMeasure(),
        start_date=start,
        target_date=day(36),
        parent=str(security.id),
        now=now,
    )
    salary = add_goal(
        uow,
        title="Raise my base salary",
        why="A base I can plan a mortgage on, not only commission.",
        kind=GoalKind.FINANCIAL,
        measure=numeric_measure("salary", "USD", 62000, 85000),
        start_date=start,
        target_date=day(36),
        parent=str(security.id),
        now=now,
    )
    regional = add_goal(
        uow,
        title="Lead a regional team",
        why="Proof that I can lead before I ask for the title.",
        kind=GoalKind.CAREER,
        measure=MilestoneMeasure(),
        start_date=day(1),
        target_date=day(24),
        parent=str(manager.id),
        now=now,
    )
    certs = add_goal(
        uow,
        title="Earn two sales certifications",
        why="Credentials the hiring panel asks for.",
        kind=GoalKind.LEARNING,
        measure=numeric_measure("certifications", "", 0, 2),
        start_date=start,
        target_date=day(18),
        parent=str(manager.id),
        now=now,
    )

    def task(
        goal: Goal,
        title: str,
        due: date,
        *,
        effort: float,
        start_on: date | None = None,
        milestone: bool = False,
        after: list[int | None] | None = None,
    ) -> int:
        created = add_task(
            uow,
            goal=str(goal.id),
            title=title,
            due=due,
            effort_hours=effort,
            planned_start=start_on,
            kind=TaskKind.MILESTONE if milestone else TaskKind.TASK,
            after=[str(a) for a in after or []],
            now=now,
        )
        assert created.id is not None
        return created.id

    quota = task(manager, "Hit 110% of quota four quarters running", day(12), effort=40, milestone=True)
    course = task(manager, "Complete the sales leadership course", day(5), effort=30, start_on=day(1), milestone=True)
    mentor = task(manager, "Mentor two junior account executives", day(10), effort=24, start_on=day(2))
    review = task(manager, "Run the team's quarterly pipeline review", day(8), effort=12, after=[course])
    mba = task(manager, "Complete a part-time MBA", day(34), effort=600, start_on=day(3), milestone=True)
    shadow = task(manager, "Shadow the regional manager for a quarter", day(15), effort=20, start_on=day(12))
    task(manager, "Ask my VP for a development-plan conversation", today + timedelta(days=10), effort=2)
    plan90 = task(manager, "Write a 30-60-90 day plan for a new team", day(22), effort=8, after=[shadow])
    task(
        manager,
        "Apply for the sales manager opening",
        day(30),
        effort=10,
        milestone=True,
        after=[quota, shadow, plan90],
    )
    propose = task(regional, "Propose a regional pilot team", day(9), effort=6, milestone=True)
    pilot = task(
        regional,
        "Lead the pilot with three reps",
        day(17),
        effort=80,
        start_on=day(10),
        milestone=True,
        after=[propose],
    )
    summary = task(regional, "Write the pilot's results summary", today - timedelta(days=5), effort=4, after=[propose])
    present = task(
        regional,
        "Present the pilot results to the leadership team",
        day(19),
        effort=3,
        after=[pilot, summary],
    )
    exam1 = task(certs, "Pass the Certified Sales Professional exam", day(7), effort=40, milestone=True)
    task(certs, "Pass the negotiation certification", day(16), effort=35, milestone=True, after=[exam1])

    now = at(day(1))
    save_baseline(uow, str(manager.id), label="plan agreed with my manager", now=now)
    save_baseline(uow, str(regional.id), label="first plan", now=now)

    completions = {
        course: day(4.6),
        mentor: day(9.5),
        review: day(7.8),
        exam1: day(6.9),
        propose: day(8.6),
        quota: day(11.2),
    }
    corrections_done: set[str] = set()
    salary_now = 62000.0
    checkin_day = start + timedelta(days=7)
    n = 0
    notes = [
        ("Closed two mid-market deals.", "Pipeline for next quarter is thin.", "Book five discovery calls."),
        ("Good 1:1 with the junior AEs.", "Evenings eaten by MBA reading.", "Block two focus mornings."),
        ("Course module on coaching clicked.", "Travel week coming.", "Prep the pipeline review deck."),
        ("Team asked me to run the forecast call.", "Not much time for reading.", "Finish chapter 4."),
        ("Manager backed the pilot idea.", "Quota target raised 8%.", "Draft the pilot proposal."),
    ]
    while checkin_day <= today - timedelta(days=3):
        n += 1
        now = at(checkin_day)
        for task_id, done_on in list(completions.items()):
            if done_on <= checkin_day:
                complete_task(uow, str(task_id), on=done_on, now=at(done_on))
                del completions[task_id]
        if checkin_day >= day(7) and "regional" not in corrections_done:
            corrections_done.add("regional")
            edit_task(
                uow,
                str(present),
                {"due": day(22)},
                reason="Follows the pilot, which moves a quarter.",
                now=now,
            )
            edit_task(
                uow,
                str(pilot),
                {"due": day(20)},
                reason="Regional teams are frozen until the reorganisation; the pilot starts a quarter later.",
                now=now,
            )
            edit_goal(
                uow,
                str(regional.id),
                {"target_date": day(30)},
                reason="The company froze new regional teams until next year's reorganisation; my pilot moves with it.",
                now=now,
            )
        if checkin_day >= day(9) and "mba" not in corrections_done:
            corrections_done.add("mba")
            edit_task(
                uow,
                str(mba),
                {"status": TaskStatus.DROPPED},
                reason="The leadership course and the pilot "
                "teach what I need; an MBA would cost two years of evenings and 60,000 USD.",
                now=now,
            )
        if checkin_day >= day(6) and salary_now < 66500:
            salary_now = 66500.0
        if checkin_day >= day(11) and salary_now < 68000:
            salary_now = 68000.0
        went, blocked, step = notes[n % len(notes)]
        mba_strain = day(3) <= checkin_day < day(9)
        balance = 4 if mba_strain else 7 + (n % 2)
        certs_now = 1.0 if checkin_day >= day(7) else 0.0
        record_checkin(
            uow,
            on=checkin_day,
            ratings=Ratings(
                fulfilment=6 + (n % 3),
                balance=balance,
                achievement=5 + min(3, n // 6),
                financial=5 + (1 if salary_now > 62000 else 0),
            ),
            note="Tired but moving." if mba_strain else "",
            entries=[
                (
                    str(manager.id),
                    GoalEntry(
                        0,
                        confidence=3 if mba_strain else 4,
                        went_well=went,
                        obstacles=blocked,
                        next_step=step,
                    ),
                ),
                (str(salary.id), GoalEntry(0, value=salary_now, confidence=3)),
                (str(certs.id), GoalEntry(0, value=certs_now, confidence=4)),
                (str(regional.id), GoalEntry(0, confidence=2 if day(7) <= checkin_day < day(10) else 3)),
            ],
            today=today,
            now=now,
        )
        if n % 6 == 0:  # every quarter or so, the course-correction questions
            doubtful = day(7) <= checkin_day < day(10)
            record_review_answers(
                uow,
                on=checkin_day,
                answers=[
                    (str(manager.id), ReviewAnswer(0, still_right=True, still_aligned=True, still_realistic=True)),
                    (
                        str(regional.id),
                        ReviewAnswer(
                            0,
                            still_right=True,
                            still_aligned=True,
                            still_realistic=not doubtful,
                            note="Only if the reorganisation goes ahead." if doubtful else "",
                        ),
                    ),
                ],
                note="Quarterly review",
                today=today,
                now=now,
            )
        checkin_day += timedelta(days=14)

    deposits = [
        (InvestmentCategory.READING, 1.5, 0.0, "Sales leadership reading"),
        (InvestmentCategory.COURSE, 3.0, 0.0, "Leadership course module"),
        (InvestmentCategory.PRACTICE, 1.0, 0.0, "Role-played a coaching conversation"),
        (InvestmentCategory.NETWORKING, 2.0, 25.0, "Regional sales meetup"),
        (InvestmentCategory.MENTORING, 1.0, 0.0, "Monthly session with my mentor"),
    ]
    d = start + timedelta(days=3)
    i = 0
    while d <= today:
        category, hours, amount, note = deposits[i % len(deposits)]
        goal = manager if category != InvestmentCategory.NETWORKING else regional
        log_investment(
            uow,
            on=d,
            category=category,
            hours=hours,
            amount=amount,
            currency=None,
            goal=str(goal.id),
            note=note,
            today=today,
        )
        d += timedelta(days=6 + (i % 4))
        i += 1
    log_investment(
        uow,
        on=day(1),
        category=InvestmentCategory.COURSE,
        hours=0,
        amount=1200,
        currency=None,
        goal=str(manager.id),
        note="Sales leadership course fee",
        today=today,
    )
    log_investment(
        uow,
        on=day(6.5),
        category=InvestmentCategory.CREDENTIAL,
        hours=2,
        amount=350,
        currency=None,
        goal=str(certs.id),
        note="Certified Sales Professional exam",
        today=today,
    )
    if catalog is not None:
        _demo_skills(uow, catalog, goal=str(manager.id), start=start, today=today, at=at)


def _demo_skills(
    uow: UnitOfWork, catalog: OccupationCatalog, *, goal: str, start: date, today: date, at: Callable[[date], datetime]
) -> None:
    """Sam started from the typical levels of a sales representative, then rated a few skills after a year."""
    from headway.domain.skills import Evidence
    from headway.services.skills import set_skill, set_target_occupation, skills_from_occupation

    skills_from_occupation(uow, catalog, SALES_REP, on=start, now=at(start))
    set_skill(uow, catalog, "2.B.1.d", 4.5, note="closed the Halden renewal myself", on=today, now=at(today))
    set_skill(
        uow, catalog, "2.C.1.d", 5.0, evidence=Evidence.CREDENTIAL, source="Certified Sales Professional",
        on=today, now=at(today),
    )  # fmt: skip
    set_target_occupation(uow, catalog, goal, SALES_MANAGER, reason="the role the plan leads to", now=at(start))
