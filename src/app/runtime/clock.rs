//! The browser's clock and local time zone.

use js_sys::Date;
use wasm_bindgen::JsValue;

pub fn now_us() -> i64 {
    (Date::now() * 1000.0) as i64
}

fn local(us: i64) -> Date {
    Date::new(&JsValue::from_f64(us as f64 / 1000.0))
}

/// `HH:MM:SS` in local time.
pub fn local_time(us: i64) -> String {
    let d = local(us);
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// `YYYY-MM-DD HH:MM:SS.mmm` in local time.
pub fn local_date_time(us: i64) -> String {
    let d = local(us);
    format!(
        "{}-{:02}-{:02} {}.{:03}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        local_time(us),
        d.get_milliseconds()
    )
}

/// `MM-DD HH:MM` in local time, for a custom window's button.
pub fn short_date_time(us: i64) -> String {
    let d = local(us);
    format!(
        "{:02}-{:02} {:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A moment on an axis `window_us` wide: the time of day, with the date once the window is long
/// enough (half a day) for the same time to occur twice or a day to change.
pub fn axis_time(us: i64, window_us: i64) -> String {
    const HALF_DAY_US: i64 = 12 * 3600 * 1_000_000;
    if window_us >= HALF_DAY_US {
        short_date_time(us)
    } else {
        local_time(us)
    }
}

/// The value of a `datetime-local` input for `us`, in local time.
pub fn input_date_time(us: i64) -> String {
    let d = local(us);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// µs since the epoch from a `datetime-local` value (local time); `None` when empty or invalid.
pub fn parse_input_date_time(value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        return None;
    }
    let ms = Date::new(&JsValue::from_str(value)).get_time();
    ms.is_finite().then_some((ms * 1000.0) as i64)
}
