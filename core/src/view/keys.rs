//! Moving through a group of controls with the arrow keys while the group is one stop of the Tab
//! key (a "roving" focus): tabs, the chart's dots. Where the focus goes is decided here; the
//! component moves it.

/// Which arrow keys step through a group: a row of tabs takes only ← and →, leaving ↑ and ↓ to
/// scroll the page; the chart's dots take all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrows {
    Horizontal,
    All,
}

/// The item `key` moves to from item `at` of `len`: the next (→, and ↓ with [`Arrows::All`]) or
/// previous (←, ↑), wrapping around, the first (Home) or the last (End); `None` for any other key
/// or an empty group.
pub fn roving_step(key: &str, at: usize, len: usize, arrows: Arrows) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let at = at.min(len - 1);
    let vertical = arrows == Arrows::All;
    match key {
        "ArrowRight" => Some((at + 1) % len),
        "ArrowDown" if vertical => Some((at + 1) % len),
        "ArrowLeft" => Some((at + len - 1) % len),
        "ArrowUp" if vertical => Some((at + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_step_and_wrap_home_and_end_jump() {
        assert_eq!(roving_step("ArrowRight", 0, 4, Arrows::Horizontal), Some(1));
        assert_eq!(roving_step("ArrowRight", 3, 4, Arrows::Horizontal), Some(0));
        assert_eq!(roving_step("ArrowLeft", 0, 4, Arrows::Horizontal), Some(3));
        assert_eq!(roving_step("Home", 2, 4, Arrows::Horizontal), Some(0));
        assert_eq!(roving_step("End", 0, 4, Arrows::Horizontal), Some(3));
        // ↑ and ↓ scroll the page past a row of tabs, and step through the chart's dots.
        assert_eq!(roving_step("ArrowDown", 0, 4, Arrows::Horizontal), None);
        assert_eq!(roving_step("ArrowDown", 0, 4, Arrows::All), Some(1));
        assert_eq!(roving_step("ArrowUp", 0, 4, Arrows::All), Some(3));
        assert_eq!(roving_step("Enter", 0, 4, Arrows::All), None);
        assert_eq!(roving_step("ArrowRight", 0, 0, Arrows::All), None);
    }
}
