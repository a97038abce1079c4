"""The window keeps turning its event loop while a province-sized plan workbook is written (issue 11)."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QTimer


def test_window_stays_responsive_during_a_big_export(make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.bench_export import cheapest_plan
    from benchmarks.synthetic import synthetic_county
    from ui.app.solve_child import SolveOutcome

    inp = synthetic_county(
        20_000, n_platforms=10, seed=0
    )  # 8,000 systems export in < 1 s since issue 11
    plan = cheapest_plan(inp)  # a plan of 20,000 systems without solving (set-up)
    w = make_window()
    w.session.outcome = SolveOutcome(plan, inp)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    out = w.export_plan(tmp_path / "big.xlsx")
    elapsed = time.perf_counter() - started
    timer.stop()
    assert out is not None and out.exists()
    assert elapsed > 1.0  # long enough that blocking would show
    gaps = np.diff([started, *ticks, started + elapsed])
    # the GUI thread's timer kept firing: no stall longer than half a second (on a busy 2-core
    # machine the writer thread holds the GIL for up to its 5 ms switch interval at a time)
    assert gaps.max() < 0.5, (gaps.max(), elapsed)
    assert len(ticks) >= 0.3 * elapsed / 0.02, (len(ticks), elapsed)


def test_validation_after_an_edit_runs_off_the_gui_thread(make_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """20,000 systems: the check after an edit (~0.8 s) runs on a worker; the timer keeps ticking
    and the problem still shows on the edited cell."""
    from PySide6.QtCore import Qt

    from benchmarks.synthetic import synthetic_county
    from data.writer import write_input_workbook

    path = tmp_path / "province.xlsx"
    write_input_workbook(synthetic_county(20_000, n_platforms=10, seed=0), path)
    w = make_window()
    assert w.files.open_path(path, ask=False)
    assert not w.project.validation.errors
    model = w.project.models["workloads"]
    row = 12_345
    index = model.index(row, model.keys.index("vcpu"))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    with qtbot.waitSignal(w.validated, timeout=30_000):
        model.setData(index, "很多", Qt.ItemDataRole.EditRole)
    elapsed = time.perf_counter() - started
    timer.stop()
    errors = [e for e in w.project.validation.errors if e.row is not None]
    assert errors, "the bad vCPU was not reported"
    assert w.project.locate(errors[0])[:2] == ("workloads", row)
    gaps = np.diff([started, *ticks, started + elapsed])
    assert elapsed > 0.5  # the check itself takes long enough that blocking would show
    # measured: 0.08–0.14 s on a quiet machine, 0.31 s under load (the snapshot of the tables and
    # showing the result); on the GUI thread the check stalls the timer for about its whole run
    # (0.54 s of ~0.6 s), so the bound is relative to the run, which the machine's load scales too
    assert gaps.max() < 0.5 * elapsed, (gaps.max(), elapsed)


def test_the_apps_events_run_no_python_code(make_window) -> None:  # type: ignore[no-untyped-def]
    """No event the windows handle passes through Python code of the app. An application-wide
    event filter in Python (the edit commands once had one) runs for every timer, paint and mouse
    event of every widget, and while a worker thread runs Python each run waits for the GIL: a
    20,000-system export froze the window for seconds, worse with every window opened."""
    import sys

    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    windows = [make_window() for _ in range(2)]
    windows[0].show()
    target, event = QObject(), QEvent(QEvent.Type.User)
    calls: list[str] = []

    def profile(frame, event, arg) -> None:  # type: ignore[no-untyped-def]
        if event == "call":
            calls.append(frame.f_code.co_qualname)

    sys.setprofile(profile)
    try:
        for _ in range(100):
            QCoreApplication.sendEvent(target, event)
    finally:
        sys.setprofile(None)
    assert calls == [], calls[:5]
