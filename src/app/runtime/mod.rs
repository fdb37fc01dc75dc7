//! The app's edge, the only code besides `Actions` that writes the viewer's state (`Store`):
//! loading from the backend, the clock, the embedding host's frame, startup (`mount`), and the
//! load phases on the browser's performance timeline (`timing`), watching sizes (`resize`) and
//! scrolling to sections that appear (`scroll`).

pub(crate) mod clock;
pub(crate) mod embed;
pub(crate) mod loader;
pub(crate) mod resize;
pub(crate) mod scroll;
pub mod startup;
pub(crate) mod timing;
