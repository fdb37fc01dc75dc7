//! Small reusable controls: copy buttons and links, the duration box, opening and saving files,
//! the flame graph chart, long text folded, link-outs, on/off tool buttons.

pub(crate) mod copy;
pub(crate) mod duration_input;
pub(crate) mod files;
pub(crate) mod flame;
pub(crate) mod folded;
pub(crate) mod link_outs;
pub(crate) mod roving;
pub(crate) mod toggle;
