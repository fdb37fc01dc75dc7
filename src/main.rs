//! The browser entry point: mounts the viewer on the page trunk built.

fn main() {
    leptos::mount::mount_to_body(tracedeck::app::App);
}
