//! The browser entry point: starts the viewer when the page is tracedeck's own (a host page
//! calls the exported `mount` instead).

fn main() {
    tracedeck::app::startup::start_page();
}
