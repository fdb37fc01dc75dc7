//! Moving through a group of controls with the arrow keys while the group is one stop of the Tab
//! key (a "roving" focus): tabs, the chart's dots. Where the focus goes is decided here; the
//! component moves it.

/// Which arrow keys step through a group: a row of tabs takes only ← and →, leaving ↑ and ↓ to
/// scroll the page; the chart's dots take all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrows {
    /// ← and → only.
    Horizontal,
    /// ← → ↑ ↓.
    All,
}

/// The item `key` moves to from item `at` of `len`: the next (→, and ↓ with [`Arrows::All`]) or
/// previous (←, ↑), wrapping around, the first (Home) or the last (End); `None` for any other key,
/// a key held with Alt, Ctrl or Meta (`modified`: Alt+← is the browser's Back), or an empty group.
pub fn roving_step(
    key: &str,
    modified: bool,
    at: usize,
    len: usize,
    arrows: Arrows,
) -> Option<usize> {
    if len == 0 || modified {
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
        assert_eq!(
            roving_step("ArrowRight", false, 0, 4, Arrows::Horizontal),
            Some(1)
        );
        assert_eq!(
            roving_step("ArrowRight", false, 3, 4, Arrows::Horizontal),
            Some(0)
        );
        assert_eq!(
            roving_step("ArrowLeft", false, 0, 4, Arrows::Horizontal),
            Some(3)
        );
        assert_eq!(
            roving_step("Home", false, 2, 4, Arrows::Horizontal),
            Some(0)
        );
        assert_eq!(roving_step("End", false, 0, 4, Arrows::Horizontal), Some(3));
        // ↑ and ↓ scroll the page past a row of tabs, and step through the chart's dots.
        assert_eq!(
            roving_step("ArrowDown", false, 0, 4, Arrows::Horizontal),
            None
        );
        assert_eq!(roving_step("ArrowDown", false, 0, 4, Arrows::All), Some(1));
        assert_eq!(roving_step("ArrowUp", false, 0, 4, Arrows::All), Some(3));
        assert_eq!(roving_step("Enter", false, 0, 4, Arrows::All), None);
        assert_eq!(roving_step("ArrowRight", false, 0, 0, Arrows::All), None);
        // Alt+← goes back in the browser; Ctrl or Meta with an arrow is the browser's too.
        assert_eq!(roving_step("ArrowLeft", true, 1, 4, Arrows::All), None);
    }
}
