//! Giving the main thread back to the browser during long work. Answers read piece by piece and
//! traces built in steps go on as promise callbacks, which the browser runs within one task for
//! as long as data is ready: a 300 MB transfer would freeze the page until its end. [`breathe`]
//! ends the task once it has worked [`WORK_MS`], so input and drawing get their turn.

use std::cell::Cell;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Work a task may do before it gives way, ms: well under the 50 ms at which the browser calls
/// a task long.
pub const WORK_MS: f64 = 40.0;

thread_local! {
    /// When the task running now first asked, ms on the page's clock; `None` in a task that has
    /// not asked yet (a timer set by the first ask clears it once that task is over).
    static TASK_BEGAN_MS: Cell<Option<f64>> = const { Cell::new(None) };
}

thread_local! {
    /// Forgets [`TASK_BEGAN_MS`] once the task that set it is over: one closure, set as a zero
    /// timeout by every task that asks.
    static TASK_OVER: Closure<dyn FnMut()> = Closure::new(|| TASK_BEGAN_MS.set(None));
}

/// Returns at once while the task running now has worked less than [`WORK_MS`] (counted from its
/// first call), or while the page is hidden (nobody waits on it, and a hidden page's timers are
/// slowed to a second); else waits for a task of its own.
pub async fn breathe() {
    let now = js_sys::Date::now();
    let began = TASK_BEGAN_MS.get().unwrap_or_else(|| {
        TASK_BEGAN_MS.set(Some(now));
        TASK_OVER.with(|over| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(over.as_ref().unchecked_ref());
            }
        });
        now
    });
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if now - began < WORK_MS || hidden {
        return;
    }
    next_task().await;
}

/// Waits for a new task (after the page has drawn, when a frame is due): `scheduler.yield()`
/// where the browser has it (the page's work goes on ahead of other pages' timers), else a zero
/// timeout.
pub async fn next_task() {
    let global = js_sys::global();
    let scheduled = Reflect::get(&global, &JsValue::from_str("scheduler"))
        .ok()
        .filter(|s| s.is_object())
        .and_then(|scheduler| {
            let yield_now = Reflect::get(&scheduler, &JsValue::from_str("yield")).ok()?;
            let yield_now: Function = yield_now.dyn_into().ok()?;
            yield_now.call0(&scheduler).ok()?.dyn_into::<Promise>().ok()
        });
    match scheduled {
        Some(promise) => {
            let _ = JsFuture::from(promise).await;
        }
        None => gloo_timers::future::TimeoutFuture::new(0).await,
    }
    // The task this resumes in is a new one.
    TASK_BEGAN_MS.set(None);
}
