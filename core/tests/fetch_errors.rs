//! What a failed request tells the reader: which problem the list shows, in which words.

use tracedeck_core::backend::{FetchError, Received};
use tracedeck_core::view::load::LoadProblem;

#[test]
fn an_answer_that_stopped_partway_is_slow_not_unreachable() {
    let url = "/api/traces?service=acontext-core".to_owned();
    let stalled = FetchError::Timeout {
        url: url.clone(),
        secs: 10,
        received: Some(Received {
            bytes: 23_400_000,
            total: Some(68_100_000),
            after_ms: 41_000,
        }),
    };
    assert_eq!(
        stalled.load_problem(),
        Some(LoadProblem::Slow(
            "/api/traces?service=acontext-core stopped sending after 23.4 of 68.1 MB (in 41s): \
             nothing more for 10 s."
                .into()
        ))
    );
    let silent = FetchError::Timeout {
        url: url.clone(),
        secs: 10,
        received: None,
    };
    assert_eq!(
        silent.load_problem(),
        Some(LoadProblem::Unreachable(
            "/api/traces?service=acontext-core did not answer within 10 s.".into()
        ))
    );
    assert_eq!(FetchError::Aborted.load_problem(), None);
    let refused = FetchError::Http {
        url,
        status: 400,
        message: "bad".into(),
    };
    assert!(matches!(
        refused.load_problem(),
        Some(LoadProblem::Backend(_))
    ));
}
