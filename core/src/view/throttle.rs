//! Telling the page of something that changes far more often than a page can be drawn (bytes of
//! an answer arriving): at once the first time, then at most once per interval, and the last
//! change always, once it is due, even when no change follows it (an answer that stalls must not
//! leave the page showing an old count). The edge keeps the clock and the timer.

/// What to do about a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tell {
    /// Tell the page now.
    Now,
    /// Tell the page at this time (ms on the page's clock), when [`Throttle::due`] says so: set
    /// one timer for it.
    At(f64),
    /// A timer is set already; it will tell this change too.
    Waiting,
}

/// Throttles the telling of one changing value. All times are ms on the page's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Throttle {
    every_ms: f64,
    told_ms: Option<f64>,
    /// A change not told yet.
    pending: bool,
    /// When the timer set is due.
    timer_at: Option<f64>,
}

impl Throttle {
    /// Tells at most once every `every_ms`.
    pub fn new(every_ms: f64) -> Self {
        Self {
            every_ms,
            told_ms: None,
            pending: false,
            timer_at: None,
        }
    }

    /// The value changed at `now_ms`.
    pub fn changed(&mut self, now_ms: f64) -> Tell {
        match self.told_ms {
            Some(told) if now_ms - told < self.every_ms => {
                self.pending = true;
                match self.timer_at {
                    Some(_) => Tell::Waiting,
                    None => {
                        let at = told + self.every_ms;
                        self.timer_at = Some(at);
                        Tell::At(at)
                    }
                }
            }
            _ => {
                self.told_ms = Some(now_ms);
                self.pending = false;
                Tell::Now
            }
        }
    }

    /// The timer set for [`Tell::At`] fired at `now_ms`: whether to tell the page now.
    pub fn due(&mut self, now_ms: f64) -> bool {
        self.timer_at = None;
        let tell = std::mem::take(&mut self.pending);
        if tell {
            self.told_ms = Some(now_ms);
        }
        tell
    }

    /// Nothing more will change (the value is gone or told another way): a timer that fires
    /// later tells nothing.
    pub fn finish(&mut self) {
        self.pending = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_change_is_told_at_once_then_one_per_interval() {
        let mut throttle = Throttle::new(250.0);
        assert_eq!(throttle.changed(1_000.0), Tell::Now);
        // Changes within the interval: one timer for the interval's end, the rest wait for it.
        assert_eq!(throttle.changed(1_010.0), Tell::At(1_250.0));
        assert_eq!(throttle.changed(1_200.0), Tell::Waiting);
        // The timer tells the last of them, even though nothing changed after 1,200.
        assert!(throttle.due(1_251.0));
        // A change after a full interval is told at once.
        assert_eq!(throttle.changed(1_600.0), Tell::Now);
    }

    #[test]
    fn a_timer_with_nothing_left_to_tell_tells_nothing() {
        let mut throttle = Throttle::new(250.0);
        assert_eq!(throttle.changed(0.0), Tell::Now);
        assert_eq!(throttle.changed(100.0), Tell::At(250.0));
        throttle.finish();
        assert!(!throttle.due(250.0));
        // And the next change within the interval of the last telling sets a timer anew.
        assert_eq!(throttle.changed(260.0), Tell::Now);
        assert_eq!(throttle.changed(300.0), Tell::At(510.0));
    }
}
