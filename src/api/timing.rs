//! Phases of loading on the browser's performance timeline (User Timing), which the benchmark's
//! per-phase breakdown reads (bench/browser.mjs). A phase is a `performance.measure` named
//! `tracedeck:<phase>` (`list-parse`, `list-build`, `trace-parse`, `trace-build`; the flame
//! graphs' `flame-layout`, `flame-draw` and `aggregate-flame`), in ms; each load or draw clears
//! its phases' earlier measures first, so the timeline never grows with refreshes or frames.

use web_sys::Performance;

fn performance() -> Option<Performance> {
    web_sys::window()?.performance()
}

/// Runs `work` as one measure of `phase`; without a performance timeline, just runs it.
pub fn phase<T>(phase: &str, work: impl FnOnce() -> T) -> T {
    let Some(performance) = performance() else {
        return work();
    };
    let name = format!("tracedeck:{phase}");
    let start = format!("{name}:start");
    let _ = performance.mark(&start);
    let out = work();
    let _ = performance.measure_with_start_mark(&name, &start);
    performance.clear_marks_with_mark_name(&start);
    out
}

/// Forgets the measures of these phases, at the start of a load that makes them anew.
pub fn clear(phases: &[&str]) {
    if let Some(performance) = performance() {
        for phase in phases {
            performance.clear_measures_with_measure_name(&format!("tracedeck:{phase}"));
        }
    }
}
