"""Forecast evaluation: the engine's verdicts on simulated goals against the naive last-two-readings extrapolation.

    .venv/bin/python bench/forecast_eval.py                    # 1,200 goals, seed 20261125
    .venv/bin/python bench/forecast_eval.py --goals 5000 --seed 7 --noise 2

**The goals.** Each simulated goal has a span of 6 to 36 months and a hidden path of progress from 0 (start
value) to 1 (target value), drawn from seven kinds: steady paces around the plan's, early finishers, steady with
one or two pauses of one to four months, a slow start with a late spurt, a stall that never recovers, curved
paths that speed up or slow down, and steps (raises, certifications) at random times. Readings come
fortnightly with a few days' jitter; 15% of them are skipped; continuous kinds carry measurement noise of up
to 6% of the distance (times --noise), and one goal in ten has one typing slip. Half the goals count down
(a decreasing measure), and each has its own units and scale, so nothing rests on the numbers being
progress fractions. The readings start with the goal's declared start, as the services give them.

**The question.** At 25%, 50% and 75% of each goal's span, each forecaster gets the readings up to that day
and gives a verdict; the truth is whether the hidden path reached the target by the target date.

- The engine: `headway.domain.forecast.forecast`, as the CLI and the dashboard call it.
- The baseline: the straight line through the last two readings, extrapolated: on track when it reaches the
  target by the target date (or the latest reading already has), otherwise not.

**The scores.** Accuracy: the share of goals where "will finish" (on track or achieved) matches the truth.
"At risk" says "you may well miss", so the headline counts it as a call that the goal will not finish; the
table also shows the accuracy with "at risk" counted as "will finish", to show what the middle verdict
costs and buys. Wrong on-track: of the goals called "on track" (not yet achieved), the share that did not
finish - the verdict a person would trust and regret. The script exits 1 unless the engine's accuracy is
higher and its wrong on-track share lower than the baseline's at every checkpoint.

**Why this is not fitted to the simulator.** The constants (prior scatter 3% worth two readings, the 80%
band, Huber at 2.5, the verdict thresholds) were set for what they mean and never searched over. The first
engine kept a fixed half-life of a quarter of the span; it beat the baseline here, but a run with no
measurement noise (--noise 0) showed it lagging behind changes of pace, so the fixed half-life gave way
to a per-goal choice by one-step-ahead error, the standard way exponential smoothing picks its constant,
over a geometric grid from 1/32 of the span to no decay. That is a method, not a value fitted to these
numbers; the mix of kinds is set here and was not changed to favour either forecaster. Run other seeds,
more goals or more noise (--noise 2) and the margins hold. One honest exception: with no measurement noise
at all (--noise 0) the last two readings are the exact current pace, and the baseline matches or beats the
engine at 75% of the span; there the script exits 1, as it should.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from headway.domain.forecast import ForecastInput, Verdict, forecast, forecast_many, with_start

SEED = 20261125
GOALS = 1200
CHECKPOINTS = (0.25, 0.5, 0.75)
EVERY = 14  # days between readings
START = date(2024, 1, 1)


@dataclass(frozen=True)
class Goal:
    kind: str
    span: int  # days from start to target
    path: list[float]  # hidden progress on each day from the start, 0 -> 1, running past the span
    readings: list[tuple[int, float]]  # (day, progress read that day)
    start_value: float
    target_value: float

    @property
    def finished(self) -> bool:
        """The hidden path reached the target by the target date."""
        return any(p >= 1 for p in self.path[: self.span + 1])

    def value(self, progress: float) -> float:
        return self.start_value + progress * (self.target_value - self.start_value)


def pace_path(span: int, rate_on: Callable[[int], float]) -> list[float]:
    """Progress day by day from a pace (progress per day) that may change with the day."""
    path, progress = [0.0], 0.0
    for day in range(1, 2 * span + 1):
        progress += rate_on(day)
        path.append(progress)
    return path


def simulate(rng: random.Random, noise_scale: float) -> Goal:
    span = rng.randint(182, 1095)
    plan = 1 / span
    kinds = ("steady", "early", "pauses", "late spurt", "stall", "curved", "steps")
    kind = rng.choices(kinds, weights=(25, 10, 15, 15, 10, 10, 15))[0]
    noisy = True
    if kind == "steady":
        rate = plan * rng.lognormvariate(0, 0.35)
        path = pace_path(span, lambda _: rate)
    elif kind == "early":
        rate = plan * rng.uniform(1.3, 2.5)
        path = pace_path(span, lambda _: rate)
    elif kind == "pauses":
        rate = plan * rng.lognormvariate(0.15, 0.3)
        pauses = [(s, s + rng.randint(30, 120)) for s in (rng.randint(0, span) for _ in range(rng.randint(1, 2)))]
        path = pace_path(span, lambda d: 0.0 if any(a <= d < b for a, b in pauses) else rate)
    elif kind == "late spurt":
        slow, fast, turn = plan * rng.uniform(0.3, 0.8), plan * rng.uniform(1.5, 4.0), rng.uniform(0.5, 0.85) * span
        path = pace_path(span, lambda d: slow if d < turn else fast)
    elif kind == "stall":
        rate, stop = plan * rng.lognormvariate(0.1, 0.3), rng.uniform(0.2, 0.7) * span
        path = pace_path(span, lambda d: rate if d < stop else 0.0)
    elif kind == "curved":
        reach, power = rng.lognormvariate(0, 0.3), rng.uniform(0.5, 2.0)
        path = [reach * (d / span) ** power for d in range(2 * span + 1)]
    else:  # steps: raises, certifications, promotions, each a jump at a random time
        steps, rate = rng.randint(2, 8), rng.lognormvariate(0, 0.35)
        times, t = [], 0.0
        while t < 2 * span:
            t += rng.expovariate(rate * steps / span)
            times.append(t)
        path = [sum(1 for x in times if x <= d) / steps for d in range(2 * span + 1)]
        noisy = rng.random() < 0.2
    sigma = rng.uniform(0, 0.06) * noise_scale if noisy else 0.0
    readings: list[tuple[int, float]] = []
    for day in range(EVERY, 2 * span, EVERY):
        if rng.random() < 0.15:
            continue
        seen = min(2 * span, max(1, day + rng.randint(-3, 3)))
        readings.append((seen, path[seen] + rng.gauss(0, sigma)))
    if rng.random() < 0.1 and readings:  # a typing slip in one reading
        i = rng.randrange(len(readings))
        readings[i] = (readings[i][0], readings[i][1] + rng.choice((-1, 1)) * rng.uniform(0.5, 3))
    start_value = rng.uniform(0, 100_000)
    distance = rng.uniform(1, 50_000) * rng.choice((-1, 1))
    return Goal(kind, span, path, readings, start_value, start_value + distance)


def engine_verdict(goal: Goal, today: int) -> Verdict:
    return forecast(
        with_start(points(goal, today), START, goal.start_value),
        start_date=START,
        target_date=START + timedelta(days=goal.span),
        start_value=goal.start_value,
        target_value=goal.target_value,
        today=START + timedelta(days=today),
    ).verdict


def baseline_verdict(goal: Goal, today: int) -> Verdict:
    """The last two readings' straight line: on track if it reaches the target by the target date."""
    seen = with_start(points(goal, today), START, goal.start_value)
    if len(seen) < 2:
        return Verdict.NOT_ENOUGH_DATA
    (d1, v1), (d2, v2) = seen[-2], seen[-1]
    toward = 1 if goal.target_value > goal.start_value else -1
    if (v2 - goal.target_value) * toward >= 0:
        return Verdict.ACHIEVED
    slope = (v2 - v1) / (d2 - d1).days * toward
    if slope <= 0:
        return Verdict.OFF_TRACK
    finish = (d2 - START).days + (goal.target_value - v2) * toward / slope
    return Verdict.ON_TRACK if finish <= goal.span else Verdict.OFF_TRACK


def points(goal: Goal, today: int) -> list[tuple[date, float]]:
    return [(START + timedelta(days=d), goal.value(p)) for d, p in goal.readings if d <= today]


@dataclass
class Score:
    goals: int = 0
    right: int = 0  # "will finish" (on track or achieved) matches the truth, at risk counted as "will not"
    right_lenient: int = 0  # the same with at risk counted as "will finish"
    on_track: int = 0
    on_track_wrong: int = 0
    at_risk: int = 0
    at_risk_finished: int = 0
    verdicts: dict[Verdict, list[int]] = field(default_factory=dict)  # verdict -> [goals, of which finished]

    def add(self, verdict: Verdict, finished: bool) -> None:
        counts = self.verdicts.setdefault(verdict, [0, 0])
        counts[0] += 1
        counts[1] += finished
        self.goals += 1
        self.right += (verdict in (Verdict.ON_TRACK, Verdict.ACHIEVED)) == finished
        self.right_lenient += (verdict in (Verdict.ON_TRACK, Verdict.ACHIEVED, Verdict.AT_RISK)) == finished
        self.on_track += verdict == Verdict.ON_TRACK
        self.on_track_wrong += verdict == Verdict.ON_TRACK and not finished
        self.at_risk += verdict == Verdict.AT_RISK
        self.at_risk_finished += verdict == Verdict.AT_RISK and finished

    @property
    def accuracy(self) -> float:
        return self.right / self.goals

    @property
    def lenient(self) -> float:
        return self.right_lenient / self.goals

    @property
    def wrong_on_track(self) -> float:
        return self.on_track_wrong / self.on_track if self.on_track else 0.0


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def timing(goals: list[Goal]) -> float:
    """Milliseconds for forecast_many on 200 goals with a year of fortnightly readings each."""
    inputs = {
        i: ForecastInput(
            with_start(points(g, 365), START, g.start_value)[-27:],
            START,
            START + timedelta(days=g.span),
            g.start_value,
            g.target_value,
        )
        for i, g in enumerate(goals[:200])
    }
    started = time.perf_counter()
    forecast_many(inputs, START + timedelta(days=365))
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--goals", type=int, default=GOALS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--noise", type=float, default=1.0, help="scale the measurement noise")
    parser.add_argument("--by-kind", action="store_true", help="also show the accuracy for each kind of path")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)  # noqa: S311 reproducible goals, not secrets
    goals = [simulate(rng, args.noise) for _ in range(args.goals)]
    finished = sum(g.finished for g in goals)
    print(f"{len(goals)} simulated goals (seed {args.seed}, noise x{args.noise:g}); {finished} finished by target")
    kinds: dict[str, int] = {}
    for g in goals:
        kinds[g.kind] = kinds.get(g.kind, 0) + 1
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print()
    print(
        f"{'checkpoint':<11}{'forecaster':<11}{'accuracy':>9}{'at risk=finish':>16}{'on track':>10}"
        f"{'wrong on track':>16}{'at risk':>9}{'of which finished':>19}"
    )
    beaten = True
    calibration: list[str] = []
    for share in CHECKPOINTS:
        engine, baseline = Score(), Score()
        for g in goals:
            today = round(share * g.span)
            engine.add(engine_verdict(g, today), g.finished)
            baseline.add(baseline_verdict(g, today), g.finished)
        for name, s in (("engine", engine), ("baseline", baseline)):
            print(
                f"{round(share * 100)}%{'':<8}{name:<11}{pct(s.accuracy):>9}{pct(s.lenient):>16}"
                f"{s.on_track:>10}{pct(s.wrong_on_track):>16}{s.at_risk:>9}"
                f"{pct(s.at_risk_finished / s.at_risk) if s.at_risk else '-':>19}"
            )
        calibration.append(
            f"{round(share * 100)}%{'':<8}"
            + "".join(
                f"{pct(engine.verdicts[v][1] / engine.verdicts[v][0]) if v in engine.verdicts else '-':>18}"
                for v in (Verdict.ON_TRACK, Verdict.AT_RISK, Verdict.OFF_TRACK)
            )
        )
        if args.by_kind:
            for kind in sorted(kinds):
                pair = [Score(), Score()]
                for g in goals:
                    if g.kind == kind:
                        today = round(share * g.span)
                        pair[0].add(engine_verdict(g, today), g.finished)
                        pair[1].add(baseline_verdict(g, today), g.finished)
                print(f"{'':<11}{kind:<11}{pct(pair[0].accuracy):>9} engine {pct(pair[1].accuracy):>9} baseline")
        beaten &= engine.accuracy > baseline.accuracy and engine.wrong_on_track < baseline.wrong_on_track
    print()
    print("Share of the engine's verdicts whose goal did finish by its target (calibration):")
    print(f"{'checkpoint':<11}{'on track':>18}{'at risk':>18}{'off track':>18}")
    print("\n".join(calibration))
    print()
    print(f"forecast_many on 200 goals with a year of readings: {timing(goals):.1f} ms")
    if not beaten:
        print("FAIL: the engine does not beat the baseline at every checkpoint.", file=sys.stderr)
        return 1
    print("The engine beats the baseline at every checkpoint: higher accuracy, fewer wrong 'on track' calls.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
